/** The shared SQLite and PostgreSQL test backends (test/helpers/databases.ts). */
export * from "../../helpers/databases.ts";
