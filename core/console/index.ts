export * from "./auditFilters.ts";
export * from "./dashboardStats.ts";
export * from "./svgChart.ts";
export * from "./roomKind.ts";
export * from "./logoutToken.ts";
