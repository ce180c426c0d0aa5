import PostgresNIO

/// Assembles a statement whose shape depends on which filters are present (the contact list,
/// segment counts, exports, bulk actions).
///
/// SQL text comes only from literals in this target's code; every value goes through `bind`,
/// which appends it to the bindings and writes its `$n` placeholder, exactly as `PostgresQuery`'s
/// string interpolation does. So no input ever becomes SQL text.
struct SQLBuilder {
    private(set) var sql = ""
    private(set) var binds = PostgresBindings()

    /// Appends SQL text written in code.
    mutating func append(_ literal: StaticString) {
        sql += literal.description
    }

    /// Appends a number the code chose (a table alias's), which cannot carry SQL.
    mutating func append(_ number: Int) {
        sql += String(number)
    }

    /// Appends a placeholder for `value` and binds it.
    mutating func bind<Value: PostgresDynamicTypeEncodable>(_ value: Value) {
        binds.append(value)
        sql += "$\(binds.count)"
    }

    var query: PostgresQuery { PostgresQuery(unsafeSQL: sql, binds: binds) }
}
