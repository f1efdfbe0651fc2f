export { demoGeography, chineseNumber, type DemoRegion, type DemoRegionLevel } from "./geography.js";
export { DEMO_PLACES, type DemoPlace, type DemoPlaceKind } from "./places.js";
