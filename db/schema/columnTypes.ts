/** Column types drizzle does not ship, shared by the schema files. Holds no table. */
import { customType } from 'drizzle-orm/pg-core';

/** PostgreSQL `bytea`, read and written as a Buffer. */
export const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });
