"""Storage: SQLModel tables, the engine and sessions, and the queries. The only code that touches SQL."""
