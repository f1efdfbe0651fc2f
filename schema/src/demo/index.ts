export { demoGeography, chineseNumber, type DemoRegion, type DemoRegionLevel } from "./geography.js";
