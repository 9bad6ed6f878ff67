/**
 * Writes schema/declaration.schema.json from the one source of the declaration file's rules
 * (src/contacts/declaration-file.ts). Run by `npx projen schema`; test/contacts/declaration-schema.test.ts fails when
 * the committed file differs from what this writes.
 */
import * as fs from 'fs';
import * as path from 'path';
import { declarationFileSchemaText } from '../src/contacts/declaration-file-schema';

const file = path.join(__dirname, '..', 'schema', 'declaration.schema.json');
fs.mkdirSync(path.dirname(file), { recursive: true });
fs.writeFileSync(file, declarationFileSchemaText());
process.stdout.write(`wrote ${path.relative(process.cwd(), file)}\n`);
