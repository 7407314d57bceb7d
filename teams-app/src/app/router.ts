/**
 * Hash routes, so the tab works from a static folder and a Teams deep link or a copied
 * address opens the same view: `#/my`, `#/key-results/{id}`, `#/objectives/{id}`,
 * `#/team?teamId=`, `#/one-on-ones`, `#/digest?weekOf=` (the weekly digest; the activity
 * feed's older `#/my?digest={week}` links open it too), `#/evidence/{id}` (what Throughline
 * kept of an attached email or document), `#/admin` (cycles, teams, admins, org sync),
 * `#/cycles/{id}/review?teamId=` (closing a cycle: scores, overrides, carry-over) and
 * `#/business-review?cycleId=&teamId=` or `&personId=` (the print-ready review and its deck).
 */
import { useEffect, useState } from 'react';

export type Route =
  | { name: 'my'; cycleId?: string }
  | { name: 'keyResult'; id: string }
  | { name: 'objective'; id: string }
  | { name: 'team'; teamId?: string; cycleId?: string; isAtRiskOnly?: boolean }
  | { name: 'oneOnOnes' }
  | { name: 'digest'; weekOf?: string }
  | { name: 'evidence'; id: string }
  | { name: 'admin' }
  | { name: 'cycleReview'; cycleId: string; teamId?: string }
  | { name: 'businessReview'; cycleId: string; teamId?: string; personId?: string }
  | { name: 'notFound'; path: string };

export function parseRoute(hash: string): Route {
  const [rawPath = '', rawQuery = ''] = hash.replace(/^#/, '').split('?');
  const path = rawPath.replace(/\/+$/, '') || '/my';
  const query = new URLSearchParams(rawQuery);
  const optional = (name: string) => query.get(name) || undefined;
  const week = query.get('weekOf') ?? query.get('digest');
  const weekOf = week && /^\d{4}-\d{2}-\d{2}$/.test(week) ? week : undefined;
  if (path === '/digest' || (path === '/my' && query.has('digest')))
    return { name: 'digest', weekOf };
  if (path === '/my') return { name: 'my', cycleId: optional('cycleId') };
  if (path === '/team')
    return {
      name: 'team',
      teamId: optional('teamId'),
      cycleId: optional('cycleId'),
      isAtRiskOnly: query.get('atRiskOnly') === 'true',
    };
  if (path === '/one-on-ones') return { name: 'oneOnOnes' };
  if (path === '/admin') return { name: 'admin' };
  const review = /^\/cycles\/([A-Za-z0-9-]{1,64})\/review$/.exec(path);
  if (review) return { name: 'cycleReview', cycleId: review[1]!, teamId: optional('teamId') };
  const reviewedCycle = optional('cycleId');
  if (path === '/business-review' && reviewedCycle && /^[A-Za-z0-9-]{1,64}$/.test(reviewedCycle))
    return {
      name: 'businessReview',
      cycleId: reviewedCycle,
      teamId: optional('teamId'),
      personId: optional('personId'),
    };
  const match = /^\/(key-results|objectives|evidence)\/([A-Za-z0-9-]{1,64})$/.exec(path);
  if (match) {
    const names = { 'key-results': 'keyResult', objectives: 'objective', evidence: 'evidence' };
    return { name: names[match[1] as keyof typeof names] as 'keyResult', id: match[2]! };
  }
  return { name: 'notFound', path };
}

export function hrefFor(route: Route): string {
  const withQuery = (path: string, query: Record<string, string | undefined>) => {
    const search = new URLSearchParams(
      Object.entries(query).filter((entry): entry is [string, string] => Boolean(entry[1])),
    ).toString();
    return `#${path}${search ? `?${search}` : ''}`;
  };
  switch (route.name) {
    case 'my':
      return withQuery('/my', { cycleId: route.cycleId });
    case 'keyResult':
      return `#/key-results/${encodeURIComponent(route.id)}`;
    case 'objective':
      return `#/objectives/${encodeURIComponent(route.id)}`;
    case 'team':
      return withQuery('/team', {
        teamId: route.teamId,
        cycleId: route.cycleId,
        atRiskOnly: route.isAtRiskOnly ? 'true' : undefined,
      });
    case 'evidence':
      return `#/evidence/${encodeURIComponent(route.id)}`;
    case 'oneOnOnes':
      return '#/one-on-ones';
    case 'admin':
      return '#/admin';
    case 'cycleReview':
      return withQuery(`/cycles/${encodeURIComponent(route.cycleId)}/review`, {
        teamId: route.teamId,
      });
    case 'businessReview':
      return withQuery('/business-review', {
        cycleId: route.cycleId,
        teamId: route.teamId,
        personId: route.personId,
      });
    case 'digest':
      return withQuery('/digest', { weekOf: route.weekOf });
    case 'notFound':
      return `#${route.path}`;
  }
}

export function navigate(route: Route, options: { replace?: boolean } = {}): void {
  const href = hrefFor(route);
  if (options.replace) window.location.replace(href);
  else window.location.hash = href;
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const update = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', update);
    update();
    return () => window.removeEventListener('hashchange', update);
  }, []);
  return route;
}
