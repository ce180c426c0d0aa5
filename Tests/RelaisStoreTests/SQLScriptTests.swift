@testable import RelaisStore
import Testing

@Suite struct SQLScriptTests {
    @Test func splitsOnSemicolonsOutsideQuotesCommentsAndDollarBodies() {
        let script = """
            -- a comment; with a semicolon
            CREATE TABLE a (x text DEFAULT 'it''s; fine');
            /* block; comment */
            CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1; $$;
            DO $body$ BEGIN PERFORM 1; END $body$;
            SELECT "odd;name" FROM a
            """
        let statements = SQLScript.statements(in: script)
        #expect(statements.count == 4)
        #expect(statements[0].hasSuffix("DEFAULT 'it''s; fine')"))
        #expect(statements[1].contains("$$ SELECT 1; $$"))
        #expect(statements[2].contains("PERFORM 1; END $body$"))
        #expect(statements[3] == "SELECT \"odd;name\" FROM a")
    }

    @Test func dropsCommentOnlyTails() {
        #expect(SQLScript.statements(in: "SELECT 1;\n-- trailing note\n").count == 1)
    }

    @Test func bundledMigrationsAreNumberedAndSplittable() throws {
        let migrations = try Migration.bundled()
        #expect(migrations.first?.version == 1)
        for migration in migrations { #expect(!SQLScript.statements(in: migration.sql).isEmpty) }
    }
}
