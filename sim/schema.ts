// Shopify's real Admin GraphQL schema, executable with the simulator's
// resolvers. Documents are validated against the schema exactly as shipped,
// and validation errors are rewritten into the graphql-ruby shapes Shopify
// returns, so app code sees the same `errors` it would see in production.
import { readFileSync } from "node:fs";
import {
  GraphQLError,
  GraphQLSchema,
  Kind,
  TypeInfo,
  buildClientSchema,
  execute,
  isAbstractType,
  isObjectType,
  parse,
  print,
  validate,
  visit,
  visitWithTypeInfo,
  type ASTNode,
  type DocumentNode,
  type GraphQLFieldResolver,
  type GraphQLResolveInfo,
  type IntrospectionQuery,
} from "graphql";
import { ensureShopifyArtifacts } from "../scripts/fetch-admin-schema.mjs";

// Parents are the resolvers' own projections and arguments were validated
// against the schema before execution, so neither needs re-checking here.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Resolver<C> = (parent: any, args: any, ctx: C, info: GraphQLResolveInfo) => unknown;
/** Resolvers keyed by `Type.field`, e.g. `QueryRoot.order`. */
export type ResolverMap<C> = Record<string, Resolver<C>>;

export interface ShopifyGraphQLError {
  message: string;
  locations?: { line: number; column: number }[];
  path?: (string | number)[];
  extensions?: Record<string, unknown>;
}

export interface GraphQLResult {
  data?: Record<string, unknown> | null;
  errors?: ShopifyGraphQLError[];
}

let introspection: IntrospectionQuery | undefined;

function loadIntrospection(): IntrospectionQuery {
  if (!introspection) {
    const { adminSchemaPath } = ensureShopifyArtifacts();
    const json = JSON.parse(readFileSync(adminSchemaPath, "utf8")) as { data?: IntrospectionQuery } & IntrospectionQuery;
    introspection = json.data ?? json;
  }
  return introspection;
}

/** A fresh copy of the Admin schema (2026-10), without resolvers. */
export function loadAdminSchema(): GraphQLSchema {
  return buildClientSchema(loadIntrospection());
}

export class NotImplementedError extends GraphQLError {}

/**
 * Builds the schema and attaches resolvers. A field with no resolver reads the
 * parent's own property of the same name (calling it when it is a function);
 * a field that is neither is unimplemented and fails with an error naming it,
 * so a query never silently gets `null` for data the simulator lacks.
 */
export function buildExecutableSchema<C>(resolvers: ResolverMap<C>): GraphQLSchema {
  const schema = loadAdminSchema();
  for (const key of Object.keys(resolvers)) {
    const [typeName, fieldName] = key.split(".");
    const type = schema.getType(typeName ?? "");
    if (!isObjectType(type) || !fieldName || !type.getFields()[fieldName]) {
      throw new Error(`Resolver ${key} names no field of the Admin schema`);
    }
  }
  for (const type of Object.values(schema.getTypeMap())) {
    if (isAbstractType(type)) {
      // Plain objects carry their concrete type name.
      type.resolveType = (value: { __typename?: string }) => value.__typename;
    }
    if (!isObjectType(type) || type.name.startsWith("__")) continue;
    for (const field of Object.values(type.getFields())) {
      const custom = resolvers[`${type.name}.${field.name}`];
      field.resolve = (custom as GraphQLFieldResolver<unknown, C> | undefined) ?? defaultResolver(type.name, field.name);
    }
  }
  return schema;
}

function defaultResolver(typeName: string, fieldName: string): GraphQLFieldResolver<unknown, unknown> {
  return (parent, args, ctx, info) => {
    if (parent !== null && typeof parent === "object" && Object.prototype.hasOwnProperty.call(parent, fieldName)) {
      const value = (parent as Record<string, unknown>)[fieldName];
      return typeof value === "function" ? value(args, ctx, info) : value;
    }
    throw new NotImplementedError(`Field '${typeName}.${fieldName}' is not implemented by the Shopify simulator`, {
      extensions: { code: "SIMULATOR_NOT_IMPLEMENTED", typeName, fieldName },
    });
  };
}

/** Parses and validates; errors come back in Shopify's shape. */
export function parseAndValidate(
  schema: GraphQLSchema,
  source: string,
): { document: DocumentNode; errors?: undefined } | { document?: undefined; errors: ShopifyGraphQLError[] } {
  let document: DocumentNode;
  try {
    document = parse(source);
  } catch (error) {
    const e = error as GraphQLError;
    return { errors: [{ message: e.message.replace(/^Syntax Error: /, "Parse error: "), locations: e.locations ? [...e.locations] : [] }] };
  }
  const errors = validate(schema, document);
  if (errors.length > 0) return { errors: shopifyValidationErrors(schema, document, errors) };
  return { document };
}

export async function executeDocument<C>(options: {
  schema: GraphQLSchema;
  document: DocumentNode;
  variables?: Record<string, unknown> | null;
  operationName?: string | null;
  context: C;
}): Promise<GraphQLResult> {
  const result = await execute({
    schema: options.schema,
    document: options.document,
    variableValues: options.variables ?? undefined,
    operationName: options.operationName ?? undefined,
    contextValue: options.context,
  });
  const out: GraphQLResult = {};
  if (result.errors?.length) out.errors = result.errors.map(shopifyExecutionError);
  if ("data" in result) out.data = (result.data as Record<string, unknown> | null | undefined) ?? null;
  return out;
}

function shopifyExecutionError(error: GraphQLError): ShopifyGraphQLError {
  const variable = /^Variable "\$(\w+)" got invalid value (.*?); (.*)$/s.exec(error.message);
  if (variable) {
    const [, name, value, explanation] = variable;
    const type = error.nodes?.[0]?.kind === Kind.VARIABLE_DEFINITION ? print(error.nodes[0].type) : "";
    return {
      message: `Variable $${name} of type ${type} was provided invalid value`,
      locations: locations(error),
      extensions: { value: safeJson(value), problems: [{ path: [], explanation }] },
    };
  }
  const out: ShopifyGraphQLError = { message: error.message, locations: locations(error) };
  if (error.path) out.path = [...error.path];
  if (error.originalError && !(error.originalError instanceof GraphQLError)) {
    // A resolver bug, not a Shopify behaviour: keep the cause visible.
    out.extensions = { code: "INTERNAL_SERVER_ERROR" };
  } else if (error.extensions && Object.keys(error.extensions).length) {
    out.extensions = { ...error.extensions };
  }
  return out;
}

const safeJson = (text: string | undefined): unknown => {
  try {
    return JSON.parse(text ?? "null");
  } catch {
    return text;
  }
};

const locations = (error: GraphQLError) => (error.locations ? error.locations.map((l) => ({ line: l.line, column: l.column })) : undefined);

interface NodeFacts {
  path: string[];
  fieldName?: string;
  argumentName?: string;
  argumentType?: string;
  parentType?: string;
  returnType?: string;
}

/** Where each AST node sits: its response path and enclosing field/argument. */
function describeNodes(schema: GraphQLSchema, document: DocumentNode): Map<ASTNode, NodeFacts> {
  const facts = new Map<ASTNode, NodeFacts>();
  const typeInfo = new TypeInfo(schema);
  const path: string[] = [];
  const fields: { name: string; parentType?: string; returnType?: string }[] = [];
  const args: { name: string; type?: string }[] = [];
  const record = (node: ASTNode) => {
    const field = fields[fields.length - 1];
    const arg = args[args.length - 1];
    facts.set(node, {
      path: [...path],
      fieldName: field?.name,
      parentType: field?.parentType,
      returnType: field?.returnType,
      argumentName: arg?.name,
      argumentType: arg?.type,
    });
  };
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      enter(node) {
        switch (node.kind) {
          case Kind.OPERATION_DEFINITION:
            path.push(node.name ? `${node.operation} ${node.name.value}` : node.operation);
            break;
          case Kind.FRAGMENT_DEFINITION:
            path.push(`fragment ${node.name.value}`);
            break;
          case Kind.FIELD:
            path.push(node.alias?.value ?? node.name.value);
            fields.push({
              name: node.name.value,
              parentType: typeInfo.getParentType()?.name,
              returnType: typeInfo.getType()?.toString(),
            });
            break;
          case Kind.ARGUMENT:
            args.push({ name: node.name.value, type: typeInfo.getInputType()?.toString() });
            break;
        }
        record(node);
      },
      leave(node) {
        switch (node.kind) {
          case Kind.OPERATION_DEFINITION:
          case Kind.FRAGMENT_DEFINITION:
            path.pop();
            break;
          case Kind.FIELD:
            path.pop();
            fields.pop();
            break;
          case Kind.ARGUMENT:
            args.pop();
            break;
        }
      },
    }),
  );
  return facts;
}

/** Rewrites graphql-js validation messages into the graphql-ruby forms Shopify sends. */
function shopifyValidationErrors(schema: GraphQLSchema, document: DocumentNode, errors: readonly GraphQLError[]): ShopifyGraphQLError[] {
  const facts = describeNodes(schema, document);
  return errors.map((error) => {
    const node = error.nodes?.[0];
    const at = node ? facts.get(node) : undefined;
    const base = { locations: locations(error), ...(at ? { path: at.path } : {}) };
    let m: RegExpExecArray | null;
    if ((m = /^Cannot query field "(\w+)" on type "(\w+)"/.exec(error.message))) {
      const [, fieldName, typeName] = m;
      return {
        message: `Field '${fieldName}' doesn't exist on type '${typeName}'`,
        ...base,
        extensions: { code: "undefinedField", typeName, fieldName },
      };
    }
    if ((m = /^Unknown argument "(\w+)" on field "(\w+)\.(\w+)"/.exec(error.message))) {
      const [, argumentName, , name] = m;
      return {
        message: `Field '${name}' doesn't accept argument '${argumentName}'`,
        ...base,
        extensions: { code: "argumentNotAccepted", name, typeName: "Field", argumentName },
      };
    }
    if ((m = /^Field "(\w+)" argument "(\w+)" of type "(.+)" is required/.exec(error.message))) {
      const [, name, argument] = m;
      return {
        message: `Field '${name}' is missing required arguments: ${argument}`,
        ...base,
        extensions: { code: "missingRequiredArguments", className: "Field", name, arguments: argument },
      };
    }
    if ((m = /^Field "(\w+)" of type "(.+)" must have a selection of subfields/.exec(error.message))) {
      const [, name, type] = m;
      return {
        message: `Field must have selections (field '${name}' returns ${getNamedTypeName(type)} but has no selections. Did you mean '${name} { ... }'?)`,
        ...base,
        extensions: { code: "selectionMismatch", nodeName: `field '${name}'`, typeName: getNamedTypeName(type) },
      };
    }
    if ((m = /^Field "(\w+)" must not have a selection since type "(.+)" has no subfields/.exec(error.message))) {
      const [, name, type] = m;
      return {
        message: `Selections can't be made on scalars (field '${name}' returns ${getNamedTypeName(type)} but has selections)`,
        ...base,
        extensions: { code: "selectionMismatch", nodeName: `field '${name}'`, typeName: getNamedTypeName(type) },
      };
    }
    if (at?.argumentName && node && node.kind !== Kind.ARGUMENT && isValueNode(node)) {
      // A literal of the wrong type inside an argument.
      const argument = findArgumentNode(document, node);
      return {
        message: `Argument '${at.argumentName}' on Field '${at.fieldName}' has an invalid value (${argument ? print(argument.value) : print(node)}). Expected type '${at.argumentType}'.`,
        ...base,
        extensions: { code: "argumentLiteralsIncompatible", typeName: "Field", argumentName: at.argumentName },
      };
    }
    if ((m = /^Variable "\$(\w+)" is never used/.exec(error.message))) {
      return {
        message: `Variable $${m[1]} is declared by ${operationLabel(document)} but not used`,
        ...base,
        extensions: { code: "variableNotUsed", variableName: m[1] },
      };
    }
    if ((m = /^Variable "\$(\w+)" is not defined/.exec(error.message))) {
      return {
        message: `Variable $${m[1]} is used by ${operationLabel(document)} but not declared`,
        ...base,
        extensions: { code: "variableNotDefined", variableName: m[1] },
      };
    }
    return { message: error.message, ...base };
  });
}

const getNamedTypeName = (printed: string) => printed.replace(/[[\]!]/g, "");

function operationLabel(document: DocumentNode): string {
  const op = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
  return op && op.kind === Kind.OPERATION_DEFINITION && op.name ? op.name.value : "anonymous query";
}

function isValueNode(node: ASTNode): boolean {
  return (
    node.kind === Kind.INT ||
    node.kind === Kind.FLOAT ||
    node.kind === Kind.STRING ||
    node.kind === Kind.BOOLEAN ||
    node.kind === Kind.NULL ||
    node.kind === Kind.ENUM ||
    node.kind === Kind.LIST ||
    node.kind === Kind.OBJECT ||
    node.kind === Kind.VARIABLE
  );
}

function findArgumentNode(document: DocumentNode, target: ASTNode) {
  let found: import("graphql").ArgumentNode | undefined;
  visit(document, {
    Argument(node) {
      if (found) return;
      let hit = false;
      visit(node.value, {
        enter(n) {
          if (n === target) hit = true;
        },
      });
      if (hit) found = node;
    },
  });
  return found;
}
