import Foundation
import NIOHTTP1

/// Builds `multipart/form-data` bodies and waits for imports, for the contact tests.
enum Multipart {
    static let boundary = "relais-test-boundary-7d1f"

    static func body(fields: [String: String], file: (name: String, data: Data)?) -> Data {
        var data = Data()
        for (name, value) in fields.sorted(by: { $0.key < $1.key }) {
            data.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8))
        }
        if let file {
            data.append(
                Data(
                    "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(file.name)\"\r\nContent-Type: application/octet-stream\r\n\r\n"
                        .utf8))
            data.append(file.data)
            data.append(Data("\r\n".utf8))
        }
        data.append(Data("--\(boundary)--\r\n".utf8))
        return data
    }
}

extension TestServer {
    /// Uploads a file for import; returns the response (202 with `{id, state}` when accepted).
    func upload(_ fileName: String, _ data: Data, fields: [String: String] = [:], token: String) async throws -> TestResponse {
        try await request(
            .POST, "/api/v1/contacts/imports", raw: Multipart.body(fields: fields, file: (fileName, data)), token: token,
            headers: [("Content-Type", "multipart/form-data; boundary=\(Multipart.boundary)")])
    }

    /// Polls the import until it is completed or failed (bounded: about a minute), and returns its report.
    func finishedImport(_ id: String, token: String) async throws -> [String: Any] {
        for _ in 0..<600 {
            let report = try await request(.GET, "/api/v1/contacts/imports/\(id)", token: token).json
            if let state = report["state"] as? String, state == "completed" || state == "failed" { return report }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw TestFailure("import \(id) did not finish")
    }

    /// Uploads and waits: the finished report.
    func importFile(_ fileName: String, _ data: Data, fields: [String: String] = [:], token: String) async throws -> [String: Any] {
        let accepted = try await upload(fileName, data, fields: fields, token: token)
        guard accepted.status == 202, let id = accepted.json["id"] as? String else {
            throw TestFailure("upload answered \(accepted.status): \(accepted.text)")
        }
        #expect(accepted.json["state"] as? String == "queued")
        return try await finishedImport(id, token: token)
    }

    /// Creates a contact through the API and returns its JSON.
    func createContact(_ body: [String: Any], token: String) async throws -> [String: Any] {
        let response = try await request(.POST, "/api/v1/contacts", json: body, token: token)
        guard response.status == 201 else { throw TestFailure("create answered \(response.status): \(response.text)") }
        return response.json
    }

    /// The contacts of a list query (first page, up to 500).
    func contactPhones(_ query: String, token: String) async throws -> [String] {
        let page = try await request(.GET, "/api/v1/contacts?limit=500&\(query)", token: token)
        return (page.json["data"] as? [[String: Any]] ?? []).compactMap { $0["phone"] as? String }
    }
}

import Testing
