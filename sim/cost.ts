// Shopify's calculated query cost and the leaky bucket it is charged against.
// Rules (shopify.dev, "GraphQL Admin API rate limits"): scalars and enums 0,
// objects 1, connections 2 + first/last × the cost of one element, abstract
// types the maximum of their possible selections, each mutation field 10.
// The requested cost is charged up front; the difference to the actual cost
// (nulls and short pages) is refunded after execution.
import {
  GraphQLObjectType,
  GraphQLSchema,
  Kind,
  getNamedType,
  isAbstractType,
  isInterfaceType,
  isObjectType,
  valueFromASTUntyped,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";

export const MUTATION_COST = 10;
export const SINGLE_QUERY_MAX_COST = 1000;

interface CostInput {
  schema: GraphQLSchema;
  document: DocumentNode;
  operationName?: string | null;
  variables?: Record<string, unknown> | null;
}

export function findOperation(document: DocumentNode, operationName?: string | null): OperationDefinitionNode | undefined {
  const ops = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  return operationName ? ops.find((o) => o.name?.value === operationName) : ops.length === 1 ? ops[0] : undefined;
}

/** Requested cost when `data` is omitted; actual cost when it is the execution result. */
export function calculateQueryCost(input: CostInput, data?: Record<string, unknown> | null): number {
  const op = findOperation(input.document, input.operationName);
  if (!op) return 0;
  if (op.operation === "mutation") {
    return op.selectionSet.selections.filter((s) => s.kind === Kind.FIELD && s.name.value !== "__typename").length * MUTATION_COST;
  }
  const root = input.schema.getQueryType();
  if (!root) return 0;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of input.document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const ctx = { ...input, fragments, actual: data !== undefined };
  return selectionCost(ctx, root, op.selectionSet, data ?? undefined);
}

interface Ctx extends CostInput {
  fragments: Map<string, FragmentDefinitionNode>;
  actual: boolean;
}

type Data = Record<string, unknown> | undefined;

function selectionCost(ctx: Ctx, type: GraphQLCompositeType, selectionSet: SelectionSetNode | undefined, data: Data): number {
  if (!selectionSet) return 0;
  if (isAbstractType(type)) {
    // Maximum over the concrete types the selection names (or the interface's own fields).
    const named = new Set<string>();
    collectTypeConditions(ctx, selectionSet, named);
    const candidates = [...named]
      .map((n) => ctx.schema.getType(n))
      .filter((t): t is GraphQLObjectType => isObjectType(t) && ctx.schema.isSubType(type, t));
    const concrete = data && typeof data.__typename === "string" ? ctx.schema.getType(data.__typename) : undefined;
    const pool: GraphQLCompositeType[] = isObjectType(concrete) ? [concrete] : candidates.length ? candidates : [type];
    return Math.max(0, ...pool.map((t) => fieldsCost(ctx, t, collectFields(ctx, t, selectionSet), data)));
  }
  return fieldsCost(ctx, type, collectFields(ctx, type, selectionSet), data);
}

function collectTypeConditions(ctx: Ctx, selectionSet: SelectionSetNode, out: Set<string>) {
  for (const s of selectionSet.selections) {
    if (s.kind === Kind.INLINE_FRAGMENT) {
      if (s.typeCondition) out.add(s.typeCondition.name.value);
      collectTypeConditions(ctx, s.selectionSet, out);
    } else if (s.kind === Kind.FRAGMENT_SPREAD) {
      const f = ctx.fragments.get(s.name.value);
      if (f) {
        out.add(f.typeCondition.name.value);
        collectTypeConditions(ctx, f.selectionSet, out);
      }
    }
  }
}

function appliesTo(ctx: Ctx, type: GraphQLCompositeType, condition: string | undefined): boolean {
  if (!condition || condition === type.name) return true;
  const cond = ctx.schema.getType(condition);
  if (isObjectType(type) && cond && (isInterfaceType(cond) || isAbstractType(cond))) return ctx.schema.isSubType(cond, type);
  return false;
}

function collectFields(ctx: Ctx, type: GraphQLCompositeType, selectionSet: SelectionSetNode, out: FieldNode[] = []): FieldNode[] {
  for (const s of selectionSet.selections) {
    if (s.kind === Kind.FIELD) out.push(s);
    else if (s.kind === Kind.INLINE_FRAGMENT) {
      if (appliesTo(ctx, type, s.typeCondition?.name.value)) collectFields(ctx, type, s.selectionSet, out);
    } else {
      const f = ctx.fragments.get(s.name.value);
      if (f && appliesTo(ctx, type, f.typeCondition.name.value)) collectFields(ctx, type, f.selectionSet, out);
    }
  }
  return out;
}

function fieldsCost(ctx: Ctx, type: GraphQLCompositeType, fields: FieldNode[], data: Data): number {
  if (!("getFields" in type)) return 0;
  const defs = type.getFields();
  let total = 0;
  for (const field of fields) {
    const def = defs[field.name.value];
    if (!def) continue;
    const named = getNamedType(def.type);
    if (!isObjectType(named) && !isAbstractType(named) && !isInterfaceType(named)) continue;
    const key = field.alias?.value ?? field.name.value;
    const value = data ? data[key] : undefined;
    if (ctx.actual && value === undefined) continue;
    if (isConnection(named)) total += connectionCost(ctx, named as GraphQLObjectType, field, value as Data);
    else total += 1 + objectCost(ctx, named, field.selectionSet, value);
  }
  return total;
}

function objectCost(ctx: Ctx, type: GraphQLCompositeType, selectionSet: SelectionSetNode | undefined, value: unknown): number {
  if (!ctx.actual) return selectionCost(ctx, type, selectionSet, undefined);
  if (value === null || value === undefined) return 0;
  if (Array.isArray(value)) return Math.max(0, ...value.map((v) => objectCost(ctx, type, selectionSet, v)));
  return selectionCost(ctx, type, selectionSet, value as Data);
}

const isConnection = (type: unknown): boolean => isObjectType(type) && type.name.endsWith("Connection") && "edges" in type.getFields();

function connectionCost(ctx: Ctx, type: GraphQLObjectType, field: FieldNode, value: Data): number {
  const fields = type.getFields();
  const nodeType = getNamedType(fields.nodes?.type ?? fields.edges!.type);
  const elementType = isConnectionEdge(nodeType) ? getNamedType((nodeType as GraphQLObjectType).getFields().node!.type) : nodeType;
  // The selections made on each element, via `edges { node }` or `nodes`.
  const elementSelections: { set: SelectionSetNode | undefined; via: "edges" | "nodes"; key: string; nodeKey?: string }[] = [];
  for (const f of collectFields(ctx, type, field.selectionSet!)) {
    const key = f.alias?.value ?? f.name.value;
    if (f.name.value === "nodes") elementSelections.push({ set: f.selectionSet, via: "nodes", key });
    if (f.name.value === "edges" && f.selectionSet) {
      for (const e of collectFields(ctx, nodeType as GraphQLObjectType, f.selectionSet)) {
        if (e.name.value === "node") elementSelections.push({ set: e.selectionSet, via: "edges", key, nodeKey: e.alias?.value ?? "node" });
      }
    }
  }
  if (!ctx.actual) {
    const size = pageSize(ctx, field);
    const perElement = Math.max(
      0,
      ...elementSelections.map((s) => 1 + selectionCost(ctx, elementType as GraphQLCompositeType, s.set, undefined)),
    );
    return 2 + size * perElement;
  }
  if (value === null || value === undefined) return 0;
  let perPage = 0;
  for (const s of elementSelections) {
    const list = (value[s.key] as unknown[] | undefined) ?? [];
    const elements = s.via === "edges" ? list.map((e) => (e as Record<string, unknown>)[s.nodeKey!]) : list;
    const cost = elements.reduce<number>((sum, el) => sum + 1 + objectCost(ctx, elementType as GraphQLCompositeType, s.set, el), 0);
    perPage = Math.max(perPage, cost);
  }
  return 2 + perPage;
}

const isConnectionEdge = (type: unknown): boolean => isObjectType(type) && "node" in type.getFields() && "cursor" in type.getFields();

function pageSize(ctx: Ctx, field: FieldNode): number {
  for (const arg of field.arguments ?? []) {
    if (arg.name.value === "first" || arg.name.value === "last") {
      const v = valueFromASTUntyped(arg.value, ctx.variables ?? undefined);
      if (typeof v === "number") return v;
    }
  }
  return 0;
}

export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

export interface BucketConfig {
  maximumAvailable: number;
  restoreRate: number;
}

export const DEFAULT_BUCKET: BucketConfig = { maximumAvailable: 2000, restoreRate: 100 };

/** One app+shop's bucket. `clock` returns milliseconds, injectable for tests. */
export class LeakyBucket {
  private available: number;
  private last: number;

  constructor(
    private readonly config: BucketConfig,
    private readonly clock: () => number,
  ) {
    this.available = config.maximumAvailable;
    this.last = clock();
  }

  private refill() {
    const now = this.clock();
    this.available = Math.min(this.config.maximumAvailable, this.available + ((now - this.last) / 1000) * this.config.restoreRate);
    this.last = now;
  }

  /** Takes `cost` points if the bucket holds them; false means throttled. */
  take(cost: number): boolean {
    this.refill();
    if (cost > this.available) return false;
    this.available -= cost;
    return true;
  }

  refund(points: number) {
    this.refill();
    this.available = Math.min(this.config.maximumAvailable, this.available + Math.max(0, points));
  }

  status(): ThrottleStatus {
    this.refill();
    return {
      maximumAvailable: this.config.maximumAvailable,
      currentlyAvailable: Math.floor(this.available),
      restoreRate: this.config.restoreRate,
    };
  }
}
