import Foundation
import HTTPTypes
import Hummingbird
import Mustache
import NIOCore
import RelaisCore

/// Renders pages: a typed model inside the shared layout, words from the user's catalogue,
/// every value escaped by Mustache (`{{ }}` only; triple braces are never used).
///
/// All templates are parsed once at boot; a broken template stops the boot.
public struct PageRenderer: Sendable {
    let library: MustacheLibrary
    let localizer: Localizer
    let configuration: WebConfiguration

    public init(localizer: Localizer, configuration: WebConfiguration) async throws {
        guard let directory = Bundle.module.url(forResource: "Templates", withExtension: nil) else {
            throw PageRendererError.templatesMissing
        }
        self.library = try await MustacheLibrary(directory: directory.path)
        self.localizer = localizer
        self.configuration = configuration
        for name in Self.templateNames where library.getTemplate(named: name) == nil {
            throw PageRendererError.templateMissing(name)
        }
    }

    /// The templates that must exist, so a missing file fails at boot rather than on first visit.
    static let templateNames = [
        "layout", "signup", "login", "dashboard", "team", "audit", "invitation", "error", "numbers", "templates", "template-new", "contacts",
        "contact", "segments", "import-upload", "import-preview", "import-report", "campaigns", "campaign-compose", "campaign", "campaign-bubble",
        "campaign-parameter", "privacy", "backups", "reports", "campaign-report", "chart", "dashboard-checklist",
    ]

    /// Renders `template` with `model` inside the layout, titled by the catalogue key `titleKey`.
    func render(
        _ template: String, model: Any, titleKey: String, context: AppRequestContext, flash: Flash? = nil,
        status: HTTPResponse.Status = .ok, activeNav: String? = nil, fragments: PageFragments = PageFragments()
    ) throws -> Response {
        let layout = LayoutModel(
            configuration: configuration, localizer: localizer, context: context, titleKey: titleKey, activeNav: activeNav, flash: flash)
        let envelope: [String: Any] = ["t": localizer.catalogue(context.language), "layout": layout, "page": model]
        guard let rendered = library.render(envelope, withTemplate: template) else { throw PageRendererError.templateMissing(template) }
        let html = fragments.splice(into: rendered)
        var response = Response(
            status: status, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: html)))
        if flash != nil { response.setCookie(CookieNames.expired(Flash.cookieName, secure: configuration.secureCookies)) }
        return response
    }

    /// A page explaining an error in the user's language, with the right status.
    func errorPage(_ problem: Problem, context: AppRequestContext) throws -> Response {
        let model = ErrorPageModel(
            status: problem.status.code, message: localizer.text(problem.code, context.language),
            signedIn: context.identity != nil)
        return try render("error", model: model, titleKey: "error.page_title", context: context, status: problem.status)
    }
}

enum PageRendererError: Error {
    case templatesMissing
    case templateMissing(String)
}

struct ErrorPageModel {
    let status: Int
    let message: String
    let signedIn: Bool
}
