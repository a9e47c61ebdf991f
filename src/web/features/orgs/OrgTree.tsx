/**
 * The organization tree: roots from GET /api/orgs, children loaded lazily from
 * GET /api/orgs?parent=id. It opens the path to the organization being viewed and reloads the
 * open branches when something changed (create, move, dissolve, import).
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Alert, Empty, Spin, Tree } from 'antd';
import type { TreeDataNode } from 'antd';
import type { OrgView } from '../../../shared/api.ts';
import { ApiError } from '../../api/client.ts';
import { orgsApi } from './api.ts';
import { useI18n } from '../../i18n/index.tsx';

interface OrgTreeProps {
  selectedId: number | null;
  /** Ancestors of the selected org, top first (from OrgDetailView.breadcrumbs). */
  revealPath: number[];
  /** Bumped by the shell whenever the tree must be reloaded. */
  version: number;
  height: number;
  onSelect: (id: number) => void;
  onRoots?: (roots: OrgView[]) => void;
}

export function OrgTree({ selectedId, revealPath, version, height, onSelect, onRoots }: OrgTreeProps) {
  const { t } = useI18n();
  const [roots, setRoots] = useState<OrgView[] | null>(null);
  const [children, setChildren] = useState<Map<number, OrgView[]>>(new Map());
  const [expanded, setExpanded] = useState<number[]>([]);
  const [error, setError] = useState<string | null>(null);
  const childrenRef = useRef(children);
  childrenRef.current = children;
  const expandedRef = useRef(expanded);
  expandedRef.current = expanded;
  const onRootsRef = useRef(onRoots);
  onRootsRef.current = onRoots;

  const fetchChildren = useCallback(async (id: number) => {
    const list = await orgsApi.list({ parent: id });
    setChildren((m) => new Map(m).set(id, list));
    return list;
  }, []);

  // Roots, and on every version bump the children of every open node.
  useEffect(() => {
    let alive = true;
    (async () => {
      try {
        const r = await orgsApi.list();
        if (!alive) return;
        setRoots(r);
        setError(null);
        onRootsRef.current?.(r);
        if (version === 0) {
          // Open the first level right away: a user's roots are few.
          const first = r.filter((o) => o.childCount > 0).slice(0, 5);
          const lists = await Promise.all(first.map((o) => orgsApi.list({ parent: o.id }).catch(() => null)));
          if (!alive) return;
          setChildren((m) => {
            const next = new Map(m);
            first.forEach((o, i) => lists[i] && next.set(o.id, lists[i]!));
            return next;
          });
          setExpanded((cur) => Array.from(new Set([...cur, ...first.filter((_, i) => lists[i]).map((o) => o.id)])));
        }
        const open = expandedRef.current;
        if (version > 0 && open.length) {
          const fresh = new Map<number, OrgView[]>();
          await Promise.all(
            open.map(async (id) => {
              try {
                fresh.set(id, await orgsApi.list({ parent: id }));
              } catch {
                /* gone or out of scope: it simply closes */
              }
            }),
          );
          if (!alive) return;
          setChildren(fresh);
          setExpanded(open.filter((id) => fresh.has(id)));
        }
      } catch (e) {
        if (alive) setError(e instanceof ApiError ? e.message : String(e));
      }
    })();
    return () => {
      alive = false;
    };
  }, [version]);

  // Open the way down to the selected organization.
  const revealKey = revealPath.join('.');
  useEffect(() => {
    if (!roots || revealPath.length === 0) return;
    const rootIds = new Set(roots.map((r) => r.id));
    const start = revealPath.findIndex((id) => rootIds.has(id));
    if (start < 0) return;
    const ancestors = revealPath.slice(start, -1);
    if (ancestors.length === 0) return;
    let alive = true;
    (async () => {
      for (const id of ancestors) {
        if (!childrenRef.current.has(id)) {
          try {
            await fetchChildren(id);
          } catch {
            return;
          }
        }
        if (!alive) return;
      }
      setExpanded((cur) => Array.from(new Set([...cur, ...ancestors])));
    })();
    return () => {
      alive = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [roots, revealKey, fetchChildren]);

  const treeData = useMemo(() => {
    const build = (orgs: OrgView[]): TreeDataNode[] =>
      orgs.map((o) => {
        const kids = children.get(o.id);
        return {
          key: o.id,
          isLeaf: o.childCount === 0,
          title: (
            <span className="org-node" title={o.name}>
              <span className="org-node-name">{o.shortName || o.name}</span>
              <span className="org-node-count">{o.stats.members}</span>
            </span>
          ),
          children: kids ? build(kids) : undefined,
        };
      });
    return roots ? build(roots) : [];
  }, [roots, children]);

  if (error) return <Alert type="error" showIcon title={error} />;
  if (!roots) return <Spin style={{ display: 'block', margin: '24px auto' }} />;
  if (roots.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('org.treeEmpty')} />;

  return (
    <div data-testid="org-tree" className="org-tree">
      <Tree
        blockNode
        showLine
        height={height}
        treeData={treeData}
        expandedKeys={expanded}
        loadedKeys={Array.from(children.keys())}
        selectedKeys={selectedId != null ? [selectedId] : []}
        onExpand={(keys) => setExpanded(keys.map(Number))}
        loadData={async (node) => {
          await fetchChildren(Number(node.key));
        }}
        onSelect={(_keys, info) => onSelect(Number(info.node.key))}
      />
    </div>
  );
}
