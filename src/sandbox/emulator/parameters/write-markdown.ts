/** `npm run emulator:parameters`: writes PARAMETERS.md from the parameter table. */
import { writeFileSync } from "node:fs";
import { PARAMETERS_MARKDOWN_PATH, parametersMarkdown } from "./markdown.js";

writeFileSync(PARAMETERS_MARKDOWN_PATH, parametersMarkdown());
console.log(`wrote ${PARAMETERS_MARKDOWN_PATH}`);
