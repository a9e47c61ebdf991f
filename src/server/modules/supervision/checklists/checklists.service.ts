import type { Kysely } from 'kysely';
import type { Q } from '../../../db/database.ts';
import type { DB } from '../../../db/types.ts';
import { auditActor, type Actor } from '../../../platform/actor.ts';
import { AppError } from '../../../platform/errors.ts';
import { authorize, can } from '../../../platform/policy.ts';
import { withTx } from '../../../platform/tx.ts';
import type { ChecklistItem, ChecklistKind, ChecklistView } from '../../../../shared/supervision.ts';
import { orgSubject, requireOrg, requireSee, supervisionPolicy } from '../supervision.policy.ts';
import { presentChecklist } from './checklists.presenter.ts';
import * as R from './checklists.repository.ts';
import type { TCreateChecklist, TUpdateChecklist } from '../../../../shared/schemas/supervision/checklists.ts';

/**
 * The checklists reviewers and look-backs score against: the built-ins (五个不过关, 六查六看) and
 * an office's own, which it may edit; an org uses its own and those of the orgs above it.
 */
export class ChecklistService {
  constructor(private db: Kysely<DB>) {}

  private present(actor: Actor, r: R.ChecklistRow): ChecklistView {
    const edit =
      !r.builtin &&
      !!r.org_path &&
      can(actor, supervisionPolicy, 'editChecklist', orgSubject('checklist', r.id, r.org_path));
    return presentChecklist(r, { edit });
  }

  /** A checklist by id, as seen by the actor (built-ins, or one of an org the actor sees or works under). */
  async get(q: Q, actor: Actor, id: number): Promise<ChecklistView> {
    const r = await R.findChecklist(q, id);
    if (!r) throw new AppError('NOT_FOUND');
    return this.present(actor, r);
  }

  /** The built-ins and the checklists of the org and the orgs above it. */
  async list(actor: Actor, orgId: number, kind?: ChecklistKind): Promise<ChecklistView[]> {
    const org = await requireOrg(this.db, orgId);
    requireSee(actor, 'org', org.id, org.path);
    const rows = await R.listChecklists(this.db, org.id, kind);
    return rows.map((r) => this.present(actor, r));
  }

  private checkItems(items: ChecklistItem[]) {
    const keys = items.map((i) => i.key);
    if (new Set(keys).size !== keys.length)
      throw new AppError('VALIDATION', {}, [{ path: 'items', message: 'field.invalid' }]);
  }

  async create(actor: Actor, input: TCreateChecklist): Promise<ChecklistView> {
    const id = await withTx(this.db, auditActor(actor), async ({ trx, audit }) => {
      const org = await requireOrg(trx, input.orgId);
      authorize(actor, supervisionPolicy, 'editChecklist', orgSubject('org', org.id, org.path));
      this.checkItems(input.items);
      const id = await R.insertChecklist(trx, {
        kind: input.kind,
        orgId: org.id,
        name: input.name,
        nameEn: input.nameEn,
        items: input.items,
        createdBy: actor.id,
      });
      await audit({ action: 'checklist.create', entityType: 'checklist', entityId: id, orgId: org.id, after: input });
      return id;
    });
    return this.get(this.db, actor, id);
  }

  async update(actor: Actor, id: number, input: TUpdateChecklist): Promise<ChecklistView> {
    await withTx(this.db, auditActor(actor), async ({ trx, audit }) => {
      const r = await R.findChecklist(trx, id);
      if (!r) throw new AppError('NOT_FOUND');
      if (r.builtin || !r.org_path) throw new AppError('FORBIDDEN');
      authorize(actor, supervisionPolicy, 'editChecklist', orgSubject('checklist', id, r.org_path));
      if (input.items) this.checkItems(input.items);
      await R.updateChecklist(trx, id, input);
      await audit({
        action: 'checklist.update',
        entityType: 'checklist',
        entityId: id,
        orgId: r.org_id,
        before: { name: r.name, items: r.items },
        after: input,
      });
    });
    return this.get(this.db, actor, id);
  }

  /**
   * The checklist a material or a look-back round of the org uses: the one asked for, if it is of
   * the kind and built in or the org's or an org's above it; else the built-in of the kind
   * (五个不过关 for review, 六查六看 for look back).
   */
  async resolve(q: Q, orgId: number, kind: ChecklistKind, checklistId?: number): Promise<number> {
    if (!checklistId) return R.builtinChecklistId(q, kind);
    const id = await R.usableChecklistId(q, orgId, kind, checklistId);
    if (!id) throw new AppError('VALIDATION', {}, [{ path: 'checklistId', message: 'field.invalid' }]);
    return id;
  }
}
