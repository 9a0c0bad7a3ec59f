// Placeholder: replaced by the embedded-PostgreSQL bootstrap (issue 2). Pure unit tests need nothing.
export default async function globalSetup(): Promise<void> {}
