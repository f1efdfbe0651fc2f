// HTTP side of the wall: the token and the one-off queries (geography, departments, snapshot).
// Everything goes to the hub that served the page; nothing leaves it.
import { ENGLISH, type WallFrame } from "./model";

export const GRAPHQL_PATH = "/graphql";
const REQUEST_TIMEOUT_MS = 10_000;

export const params = new URLSearchParams(window.location.search);
/** `?noanim=1` turns every animation off, so screenshots are stable. */
export const NO_ANIMATION = params.get("noanim") === "1";

/**
 * The wall's token: a production wall is opened as /wall?token=…; a demo hub hands out a wall
 * token at /demo/token. A demo token is fetched again after the hub refuses it (a restarted hub
 * may have a new secret); a token from the URL is all we have, so it is kept and retried.
 */
export class TokenSource {
  private readonly fromUrl = params.get("token");
  private demo: Promise<string> | null = null;

  async get(): Promise<string> {
    if (this.fromUrl) return this.fromUrl;
    this.demo ??= fetchDemoToken().catch((err: unknown) => {
      this.demo = null;
      throw err;
    });
    return this.demo;
  }

  invalidate(): void {
    this.demo = null;
  }
}

async function fetchDemoToken(): Promise<string> {
  const res = await fetchWithTimeout("/demo/token?role=wall", {});
  if (!res.ok) throw new Error(`demo token: HTTP ${res.status}`);
  const body = (await res.json()) as { token?: unknown };
  if (typeof body.token !== "string") throw new Error("demo token: no token in the answer");
  return body.token;
}

async function fetchWithTimeout(url: string, init: RequestInit): Promise<Response> {
  const abort = new AbortController();
  const timer = window.setTimeout(() => abort.abort(), REQUEST_TIMEOUT_MS);
  try {
    return await fetch(url, { ...init, signal: abort.signal, cache: "no-store" });
  } finally {
    window.clearTimeout(timer);
  }
}

export class HttpError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

export async function gql<T>(tokens: TokenSource, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const token = await tokens.get();
  const res = await fetchWithTimeout(GRAPHQL_PATH, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  if (res.status === 401 || res.status === 403) tokens.invalidate();
  const body = (await res.json().catch(() => ({}))) as { data?: T; errors?: { message: string; extensions?: { code?: string } }[] };
  if (body.errors?.some((e) => e.extensions?.code === "UNAUTHENTICATED")) tokens.invalidate();
  if (!body.data || body.errors?.length) throw new HttpError(body.errors?.[0]?.message ?? `HTTP ${res.status}`, res.status);
  return body.data;
}

export const FRAME_FIELDS = "seq at data";

export async function fetchSnapshot(tokens: TokenSource): Promise<WallFrame> {
  const d = await gql<{ wallSnapshot: { data: WallFrame } }>(tokens, `query WallSnapshot { wallSnapshot { ${FRAME_FIELDS} } }`);
  return d.wallSnapshot.data;
}

export interface GeoPolygon {
  type: "Polygon" | "MultiPolygon";
  coordinates: number[][][] | number[][][][];
}

export interface RegionInfo {
  id: string;
  level: "STREET" | "COMMUNITY" | "GRID_CELL";
  name: string;
  nameEn: string;
  centerLat: number;
  centerLng: number;
}

export interface Geography {
  /** The center's name in the wall's language (CITYOPS_CENTER_NAME on the hub). */
  center: string;
  regions: Map<number, RegionInfo>;
  departments: Map<number, string>;
  streets: (RegionInfo & { geometry: GeoPolygon })[];
  cells: { id: string; geometry: GeoPolygon }[];
}

/** The district's boundaries (served by the hub itself: no online map tiles) and its departments. */
export async function fetchGeography(tokens: TokenSource): Promise<Geography> {
  const d = await gql<{
    all: RegionInfo[];
    streets: (RegionInfo & { geometry: GeoPolygon })[];
    cells: { id: string; geometry: GeoPolygon }[];
    departments: { id: string; name: string; nameEn: string }[];
    center: { name: string; nameEn: string };
  }>(
    tokens,
    `query WallGeography {
      center { name nameEn }
      departments { id name nameEn }
      all: regions { id level name nameEn centerLat centerLng }
      streets: regions(level: STREET) { id level name nameEn centerLat centerLng geometry }
      cells: regions(level: GRID_CELL) { id geometry }
    }`,
  );
  const named = <T extends { name: string; nameEn: string }>(x: T): T => (ENGLISH ? { ...x, name: x.nameEn } : x);
  return {
    center: ENGLISH ? d.center.nameEn : d.center.name,
    regions: new Map(d.all.map((r) => [Number(r.id), named(r)])),
    departments: new Map(d.departments.map((x) => [Number(x.id), named(x).name])),
    streets: d.streets.map(named),
    cells: d.cells,
  };
}
