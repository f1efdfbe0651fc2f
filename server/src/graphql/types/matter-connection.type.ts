import { Matter } from "./matter.type.js";
import { Connection } from "./connection.type.js";

export const MatterConnection = Connection(Matter, "Matter", "权责事项");
