import { useMemo } from 'react';
import type { OrgDetailView } from '../../../shared/api.ts';
import type { Role } from '../../../shared/enums.ts';
import { api } from '../../api/client.ts';
import { useAuth } from '../../app/auth.tsx';
import { useApiData } from '../../components/hooks.ts';

/**
 * The org a supervision tab is about (passed down by the page, or loaded) and the roles the user
 * holds at it or above it (an admin: all). The server decides what may be done; this only hides
 * buttons nobody could use.
 */
export function useTabOrg(orgId: number, given?: OrgDetailView) {
  const { me } = useAuth();
  const loaded = useApiData(
    () => (given && given.id === orgId ? Promise.resolve(given) : api.get<OrgDetailView>(`/orgs/${orgId}`)),
    [orgId, given],
  );
  const org = loaded.data?.id === orgId ? loaded.data : undefined;
  const roles = useMemo(() => {
    if (!me || !org) return new Set<Role>();
    if (me.user.isAdmin) return new Set<Role>(['office', 'supervisor', 'unit_admin', 'member']);
    return new Set(
      me.grants.filter((g) => org.path === g.orgPath || org.path.startsWith(`${g.orgPath}.`)).map((g) => g.role),
    );
  }, [me, org]);
  return { org, roles, error: loaded.error };
}
