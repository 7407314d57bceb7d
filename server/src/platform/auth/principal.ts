/** Who is calling: the tenant, the person and what they may do, from a validated token. */
export interface Principal {
  tenantId: string;
  userId: string;
  name: string;
  username: string;
  roles: string[];
  isAdmin: boolean;
  /** The caller's raw bearer token, kept only to exchange it on-behalf-of for Graph. */
  assertion: string;
}

export const ADMIN_ROLE = 'OKR.Admin';
