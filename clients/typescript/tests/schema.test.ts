import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

/**
 * src/schema.ts is generated from the service's OpenAPI document and committed, so that
 * the types can be read in the repository: generated again from the document of the
 * service under test (LEADERBOARD_OPENAPI, a file or URL, else LEADERBOARD_URL's
 * /v3/api-docs) it must come out the same, byte for byte.
 */
const root = fileURLToPath(new URL("../../", import.meta.url));
const url = process.env.LEADERBOARD_URL;
const document = process.env.LEADERBOARD_OPENAPI ?? (url === undefined ? undefined : `${url}/v3/api-docs`);

test("src/schema.ts is what openapi-typescript makes of the service's document", {
  skip: document === undefined ? "neither LEADERBOARD_OPENAPI nor LEADERBOARD_URL is set" : false,
}, async () => {
  const scratch = await mkdtemp(join(tmpdir(), "leaderboard-schema-"));
  try {
    const generated = join(scratch, "schema.ts");
    // the same command as `npm run generate`, with the same (default) options
    await promisify(execFile)(
      process.execPath,
      [join(root, "node_modules/openapi-typescript/bin/cli.js"), String(document), "-o", generated],
      { cwd: root },
    );
    const committed = await readFile(join(root, "src/schema.ts"), "utf8");
    const fresh = await readFile(generated, "utf8");
    if (fresh !== committed) {
      // kept for a diff with src/schema.ts
      await writeFile(join(root, "dist/schema.generated.ts"), fresh);
      assert.fail(
        `src/schema.ts is out of date with the service's OpenAPI document (what it gives now is in ` +
          `dist/schema.generated.ts): in clients/typescript run \`npm run generate\` after ` +
          `\`./mvnw test -Dtest=OpenApiDocumentIntegrationTests\` and commit it`,
      );
    }
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
});
