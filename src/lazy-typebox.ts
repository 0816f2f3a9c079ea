/**
 * TypeBox, loaded on first use. Loading it takes about 100 ms on our machines (a quarter of the
 * start-up budget), and nothing needs it before the first JSON request or control-plane call, so
 * the modules that use it ask for it here instead of importing it at start.
 */
import { createRequire } from 'node:module';
import type * as TypeBox from '@sinclair/typebox';
import type * as TypeBoxCompiler from '@sinclair/typebox/compiler';
import type * as TypeBoxErrors from '@sinclair/typebox/errors';
import type * as TypeBoxValue from '@sinclair/typebox/value';

const load = createRequire(import.meta.url);

let typebox: typeof TypeBox | undefined;
let compiler: typeof TypeBoxCompiler | undefined;
let errors: typeof TypeBoxErrors | undefined;
let value: typeof TypeBoxValue | undefined;

export const lazyTypeBox = {
  get Type(): typeof TypeBox.Type {
    return (typebox ??= load('@sinclair/typebox') as typeof TypeBox).Type;
  },
  get TypeCompiler(): typeof TypeBoxCompiler.TypeCompiler {
    return (compiler ??= load('@sinclair/typebox/compiler') as typeof TypeBoxCompiler).TypeCompiler;
  },
  get ValueErrorType(): typeof TypeBoxErrors.ValueErrorType {
    return (errors ??= load('@sinclair/typebox/errors') as typeof TypeBoxErrors).ValueErrorType;
  },
  get Value(): typeof TypeBoxValue.Value {
    return (value ??= load('@sinclair/typebox/value') as typeof TypeBoxValue).Value;
  },
};
