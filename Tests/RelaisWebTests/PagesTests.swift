import Foundation
import Testing

@Suite struct PagesTests {
    @Test func signUpThroughTheFormOpensABrowserSession() async throws {
        try await TestServer.with { server in
            let browser = BrowserSession(server: server)
            let form = try await browser.get("/signup")
            #expect(form.status == 200)
            #expect(form.text.contains("name=\"csrf_token\" value=\"\(browser.csrf)\""))
            let email = "form-\(UUID().uuidString.prefix(8).lowercased())@example.com"
            let created = try await browser.post(
                "/signup", form: ["company": "Café Zoé", "name": "Zoé Martin", "email": email, "password": "a long password"])
            #expect(created.status == 303)
            #expect(created.headers["Location"].first == "/")
            let cookieLine = created.headers["Set-Cookie"].first { $0.hasPrefix("relais_session=") } ?? ""
            #expect(cookieLine.contains("HttpOnly") && cookieLine.contains("SameSite=Strict"))
            let dashboard = try await browser.get("/")
            #expect(dashboard.status == 200)
            #expect(dashboard.text.contains("Café Zoé") && dashboard.text.contains("Zoé"))
        }
    }

    @Test func formsWithoutTheCSRFTokenAreRefused() async throws {
        try await TestServer.with { server in
            let tenant = try await TestTenant.signUp(on: server)
            let browser = BrowserSession(server: server)
            _ = try await browser.get("/login")
            let forged = try await browser.post("/login", form: ["email": tenant.email, "password": tenant.password], csrf: "forged")
            #expect(forged.status == 403)
            #expect(browser.cookies["relais_session"] == nil)
            let signedIn = try await BrowserSession.logIn(on: server, email: tenant.email, password: tenant.password)
            for path in ["/settings/team/invite", "/logout", "/language"] {
                #expect(try await signedIn.post(path, form: ["name": "x", "email": "x@y.io", "role": "admin"], csrf: "").status == 403, "\(path)")
            }
        }
    }

    @Test func cookieCallsToTheAPINeedTheCSRFHeader() async throws {
        try await TestServer.with { server in
            let tenant = try await TestTenant.signUp(on: server)
            let browser = try await BrowserSession.logIn(on: server, email: tenant.email, password: tenant.password)
            #expect(try await browser.get("/api/v1/me").status == 200)
            let body = Data(#"{"name":"Bo","email":"bo-\#(UUID().uuidString.prefix(6))@example.com","role":"operator"}"#.utf8)
            let withoutHeader = try await browser.send(.POST, "/api/v1/users", body: body, headers: [("Content-Type", "application/json")])
            #expect(withoutHeader.status == 403)
            let withHeader = try await browser.send(
                .POST, "/api/v1/users", body: body, headers: [("Content-Type", "application/json"), ("X-CSRF-Token", browser.csrf)])
            #expect(withHeader.status == 201)
        }
    }

    @Test func theTeamPageInvitesChangesRolesAndRemoves() async throws {
        try await TestServer.with { server in
            let tenant = try await TestTenant.signUp(on: server)
            let browser = try await BrowserSession.logIn(on: server, email: tenant.email, password: tenant.password)
            let email = "page-\(UUID().uuidString.prefix(8).lowercased())@example.com"
            let invited = try await browser.post("/settings/team/invite", form: ["name": "Paul", "email": email, "role": "manager"])
            #expect(invited.status == 303)
            let team = try await browser.get("/settings/team")
            #expect(team.text.contains(email))
            #expect(team.text.contains("/invite/iv."))
            let again = try await browser.get("/settings/team")
            #expect(!again.text.contains("/invite/iv."), "the flash is shown once")

            let users = try await server.request(.GET, "/api/v1/users", token: tenant.accessToken)
            let paul = try #require((users.json["data"] as? [[String: Any]])?.first { $0["email"] as? String == email }?["id"] as? String)
            _ = try await browser.post("/settings/team/\(paul)/role", form: ["role": "operator"])
            let changed = try await server.request(.GET, "/api/v1/users/\(paul)", token: tenant.accessToken)
            #expect(changed.json["role"] as? String == "operator")
            _ = try await browser.post("/settings/team/\(tenant.userID)/remove", form: [:])
            #expect(try await browser.get("/settings/team").text.contains("at least one admin"))
            _ = try await browser.post("/settings/team/\(paul)/remove", form: [:])
            #expect(try await server.request(.GET, "/api/v1/users/\(paul)", token: tenant.accessToken).status == 404)
        }
    }

    @Test func pagesSpeakFrenchOnRequestAndRememberTheChoice() async throws {
        try await TestServer.with { server in
            let browser = BrowserSession(server: server)
            browser.language = "fr-FR,fr;q=0.9"
            #expect(try await browser.get("/login").text.contains("Se connecter"))
            browser.language = "en"
            _ = try await browser.post("/language", form: ["language": "fr", "back": "/login"])
            let page = try await browser.get("/login")
            #expect(page.text.contains("<html lang=\"fr\">"))
            let redirect = try await browser.post("/language", form: ["language": "en", "back": "https://evil.example/"])
            #expect(redirect.headers["Location"].first == "/")
        }
    }

    @Test func logoutEndsTheBrowserSession() async throws {
        try await TestServer.with { server in
            let tenant = try await TestTenant.signUp(on: server)
            let browser = try await BrowserSession.logIn(on: server, email: tenant.email, password: tenant.password)
            let cookie = try #require(browser.cookies["relais_session"])
            #expect(try await browser.post("/logout", form: [:]).status == 303)
            let stale = BrowserSession(server: server)
            stale.cookies["relais_session"] = cookie
            let dashboard = try await stale.get("/")
            #expect(dashboard.status == 303)
            #expect(dashboard.headers["Location"].first == "/login")
        }
    }

    @Test func operatorsDoNotSeeAdminPages() async throws {
        try await TestServer.with { server in
            let tenant = try await TestTenant.signUp(on: server)
            let member = try await tenant.addMember(on: server, role: "operator")
            _ = member
            let users = try await server.request(.GET, "/api/v1/users", token: tenant.accessToken)
            let email = try #require((users.json["data"] as? [[String: Any]])?.first { $0["role"] as? String == "operator" }?["email"] as? String)
            let browser = try await BrowserSession.logIn(on: server, email: email, password: "member-password-1")
            #expect(try await browser.get("/settings/audit").status == 403)
            let team = try await browser.get("/settings/team")
            #expect(team.status == 200 && !team.text.contains("/settings/team/invite"))
        }
    }
}
