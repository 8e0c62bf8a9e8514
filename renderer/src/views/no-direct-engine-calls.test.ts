import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * Every engine query a view makes goes through a hook of `lib/use-query.ts` (`useQuery`,
 * `useQueryOnDemand`, `useLazyQueries`), which gives it a loading state, an in-place error with
 * Retry, drops stale answers and aborts on unmount. A call made straight from an effect or a click
 * handler has none of that; this finds them.
 */
const HOOKS = new Set(['useQuery', 'useQueryOnDemand', 'useLazyQueries']);
/** The engine calls `view-contract.ts` exports. */
const ENGINE_CALLS = new Set(['query', 'compare', 'compareView']);

const VIEWS = resolve(import.meta.dirname);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    if (!/\.tsx?$/.test(e.name) || /\.test\.tsx?$/.test(e.name) || e.name === 'view-contract.ts') return [];
    return [path];
  });
}

/** Local names bound to what `from` exports under `names` (`import { query as q }` → q). */
function importedNames(file: ts.SourceFile, from: RegExp, names: Set<string>): Set<string> {
  const out = new Set<string>();
  for (const st of file.statements) {
    if (!ts.isImportDeclaration(st) || !ts.isStringLiteral(st.moduleSpecifier)) continue;
    if (!from.test(st.moduleSpecifier.text)) continue;
    const bindings = st.importClause?.namedBindings;
    if (!bindings || !ts.isNamedImports(bindings)) continue;
    for (const el of bindings.elements) {
      if (names.has((el.propertyName ?? el.name).text)) out.add(el.name.text);
    }
  }
  return out;
}

/** Direct engine calls in one module: `file:line  code`, empty when every call sits in a query hook. */
function directEngineCalls(fileName: string, text: string): string[] {
  const file = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const engineFns = importedNames(file, /view-contract(\.ts)?$/, ENGINE_CALLS);
  const hooks = importedNames(file, /lib\/use-query(\.ts)?$/, HOOKS);
  const out: string[] = [];
  const where = (node: ts.Node) =>
    `${fileName}:${file.getLineAndCharacterOfPosition(node.getStart()).line + 1}  ${node.getText().split('\n')[0]}`;

  for (const st of file.statements) {
    if (
      ts.isImportDeclaration(st) &&
      ts.isStringLiteral(st.moduleSpecifier) &&
      /engine-client(\.ts)?$/.test(st.moduleSpecifier.text)
    )
      out.push(`${where(st)}  (views get the engine as a prop, never from engine-client)`);
  }

  /** Inside a function passed to a query hook (at any depth of nesting). */
  const inHook = (node: ts.Node): boolean => {
    for (let n: ts.Node | undefined = node; n; n = n.parent) {
      const fn = n.parent;
      if (
        (ts.isArrowFunction(n) || ts.isFunctionExpression(n)) &&
        fn &&
        ts.isCallExpression(fn) &&
        fn.arguments.includes(n as ts.Expression) &&
        ts.isIdentifier(fn.expression) &&
        hooks.has(fn.expression.text)
      )
        return true;
    }
    return false;
  };

  const visit = (node: ts.Node) => {
    if (ts.isCallExpression(node)) {
      const callee = node.expression;
      const direct = ts.isIdentifier(callee) && engineFns.has(callee.text);
      // the comlink proxy itself: engine.query(…), props.engine.open(…)
      const raw =
        ts.isPropertyAccessExpression(callee) &&
        ((ts.isIdentifier(callee.expression) && callee.expression.text === 'engine') ||
          (ts.isPropertyAccessExpression(callee.expression) && callee.expression.name.text === 'engine'));
      if (raw || (direct && !inHook(node))) out.push(where(node));
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return out;
}

describe('views ask the engine only through the query hooks', () => {
  it('finds no direct engine call in renderer/src/views', () => {
    const files = sourceFiles(VIEWS);
    expect(files.length).toBeGreaterThan(20);
    const offenders = files.flatMap((f) =>
      directEngineCalls(relative(resolve(VIEWS, '../../..'), f), readFileSync(f, 'utf8')),
    );
    expect(
      offenders,
      `direct engine calls (use useQuery / useQueryOnDemand / useLazyQueries):\n${offenders.join('\n')}`,
    ).toEqual([]);
  });

  it('the check itself tells a hooked call from one in an effect or a click handler', () => {
    const src = `
      import { useEffect } from 'react';
      import { useQuery, useQueryOnDemand as onDemand } from '../../lib/use-query.ts';
      import { compare, query as ask } from '../view-contract.ts';
      import { engine as make } from '../../engine-client.ts';
      export function V({ engine, id }) {
        const ok = useQuery(() => ask(engine, id, 'heap', 'roots', {}), [engine, id]);
        const ok2 = onDemand((s, n) => s.aborted ? undefined : ask(engine, id, 'heap', 'node', n), [id]);
        useEffect(() => { ask(engine, id, 'heap', 'histogram', {}).then(() => {}); }, [id]);
        const click = async () => setX(await compare(engine, 'heap', 'a', id));
        const raw = () => engine.query('heap', id, 'node', 1);
        return null;
      }`;
    const found = directEngineCalls('V.tsx', src).map((l) => l.replace(/ {2}.*/, ''));
    expect(found).toEqual(['V.tsx:5', 'V.tsx:9', 'V.tsx:10', 'V.tsx:11']);
  });
});
