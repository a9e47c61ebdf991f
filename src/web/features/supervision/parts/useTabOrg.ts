import type { OrgDetailView } from '../../../../shared/api.ts';
import { useApiData } from '../../../components/hooks.ts';
import type { HubAbilities, HubAbility } from '../../../../shared/supervision.ts';
import { hubApi, partsApi } from './api.ts';

/**
 * The org a supervision tab is about (passed down by the page, or loaded) and what the server says
 * the actor may do in its hub (`abilities`, null while loading or when the server does not say).
 * `can(key)` is true only when the server said so; the server decides everything.
 */
export function useTabOrg(orgId: number, given?: OrgDetailView) {
  const loaded = useApiData(
    () => (given && given.id === orgId ? Promise.resolve(given) : partsApi.org(orgId)),
    [orgId, given],
  );
  const hub = useApiData<HubAbilities | null>(() => hubApi.abilities(orgId).catch(() => null), [orgId]);
  const org = loaded.data?.id === orgId ? loaded.data : undefined;
  const abilities = hub.data ?? null;
  const can = (key: HubAbility) => abilities?.[key] === true;
  return { org, abilities, can, error: loaded.error };
}
