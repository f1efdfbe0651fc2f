// Named places of the demo district that tagging rules ask about ("near a school", "near a river").
// Invented like the demo boundaries (geography.ts), one school per street near its middle and three
// rivers crossing the lattice, so that place rules have something to find; a real deployment replaces
// this list with its own points of interest. Coordinates are [lat, lng] (WGS-84).

export type DemoPlaceKind = "school" | "river";

export interface DemoPlace {
  kind: DemoPlaceKind;
  name: string;
  /** One point for a school; a polyline along the watercourse for a river. */
  points: readonly (readonly [lat: number, lng: number])[];
}

export const DEMO_PLACES: readonly DemoPlace[] = [
  { kind: "school", name: "潮水镇中心小学", points: [[37.595, 121.158]] },
  { kind: "school", name: "大季家中学", points: [[37.588, 121.226]] },
  { kind: "school", name: "八角中学", points: [[37.592, 121.279]] },
  { kind: "school", name: "金沙滩实验学校", points: [[37.6, 121.34]] },
  { kind: "school", name: "刘家沟小学", points: [[37.512, 121.152]] },
  { kind: "school", name: "古现小学", points: [[37.505, 121.22]] },
  { kind: "school", name: "银湖幼儿园", points: [[37.515, 121.275]] },
  { kind: "school", name: "福莱山中学", points: [[37.508, 121.35]] },
  {
    kind: "river",
    name: "夹河",
    points: [[37.47, 121.362], [37.52, 121.355], [37.57, 121.342], [37.6, 121.335], [37.631, 121.33]],
  },
  {
    kind: "river",
    name: "沁水河",
    points: [[37.49, 121.13], [37.495, 121.2], [37.49, 121.26], [37.5, 121.31]],
  },
  {
    kind: "river",
    name: "八角河",
    points: [[37.56, 121.26], [37.6, 121.27], [37.631, 121.275]],
  },
];
