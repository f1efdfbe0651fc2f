import { writeFileSync } from "node:fs";
import { printCityOpsSchema, SDL_FILE } from "../graphql/sdl.js";

writeFileSync(SDL_FILE, await printCityOpsSchema());
console.log(`wrote ${SDL_FILE}`);
