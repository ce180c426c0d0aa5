import Foundation
import WhatsAppCloud

/// A send that passed validation: what the ledger and the status schedule need.
struct CheckedSend {
    let input: String
    let waID: String
    let template: LedgerEntry.Template?
    /// Lowercased template category (pricing), `nil` for non-template messages.
    let templateCategory: String?
}

extension SimulatorState {
    /// Body validation with Meta's codes (reference section 8, item 3).
    func check(_ request: SendRequest, number: NumberIdentity) -> Result<CheckedSend, GraphFailure> {
        guard request.messagingProduct == "whatsapp" else {
            return .failure(.invalidParameter("The parameter messaging_product is required and must be 'whatsapp'."))
        }
        guard let input = request.to?.value, !input.isEmpty else {
            return .failure(.missingParameter("Parameter 'to' is required."))
        }
        let waID = Self.digits(input)
        let allowed = input.unicodeScalars.allSatisfy { "+0123456789 -()".unicodeScalars.contains($0) }
        guard allowed, (7...15).contains(waID.count) else {
            return .failure(.invalidValue("Parameter 'to' is not a valid phone number: \(input)"))
        }
        if let data = request.bizOpaqueCallbackData, data.count > 512 {
            return .failure(.invalidValue("biz_opaque_callback_data must be at most 512 characters (got \(data.count))."))
        }
        guard waID != number.displayDigits else {
            return .failure(.template(131021, "Recipient cannot be sender", "Sender and recipient phone number is the same."))
        }
        guard let type = request.type else { return .failure(.missingParameter("Parameter 'type' is required.")) }
        switch type {
        case "text":
            guard let body = request.text?.body, !body.isEmpty else { return .failure(.missingParameter("Parameter 'text.body' is required.")) }
            guard body.count <= 4096 else { return .failure(.invalidValue("text.body is longer than 4096 characters.")) }
        case "template":
            return checkTemplate(request.template, wabaID: number.wabaID).map { template, category in
                CheckedSend(input: input, waID: waID, template: template, templateCategory: category)
            }
        case "image", "video", "document", "audio", "sticker":
            let media = [request.image, request.video, request.document, request.audio, request.sticker].compactMap { $0 }.first
            guard let media, media.link != nil || media.id != nil else {
                return .failure(.missingParameter("Parameter '\(type)' needs a 'link' or an 'id'."))
            }
            if let id = media.id, self.media[id] == nil {
                return .failure(.invalidValue("Invalid media id: \(id)"))
            }
        case "interactive", "reaction", "location", "contacts":
            let object = [request.interactive, request.reaction, request.location, request.contacts].compactMap { $0 }.first
            guard object != nil else { return .failure(.missingParameter("Parameter '\(type)' is required.")) }
        default:
            return .failure(.template(131051, "Unsupported message type", "Message type \(type) is not supported."))
        }
        return .success(CheckedSend(input: input, waID: waID, template: nil, templateCategory: nil))
    }

    /// Template checks: existence/approval (132001), pause/disable (132015/132016), counts (132000), formats (132012),
    /// characters (132007) and hydrated length (132005).
    func checkTemplate(_ sent: SendRequest.Template?, wabaID: String) -> Result<(LedgerEntry.Template, String), GraphFailure> {
        guard let sent, let name = sent.name, let language = sent.language?.code else {
            return .failure(.missingParameter("Parameters 'template.name' and 'template.language.code' are required."))
        }
        guard let stored = templates[wabaID]?[Self.templateKey(name: name, language: language)] else {
            return .failure(.template(132001, "Template name does not exist in the translation", "template name (\(name)) does not exist in \(language)", httpStatus: 404))
        }
        switch stored.status {
        case "APPROVED": break
        case "PAUSED": return .failure(.template(132015, "Template is Paused", "Template \(name) is paused due to low quality."))
        case "DISABLED": return .failure(.template(132016, "Template is Disabled", "Template \(name) has been disabled."))
        default:
            return .failure(.template(132001, "Template name does not exist in the translation", "template name (\(name)) is not approved (\(stored.status))", httpStatus: 404))
        }
        var header: [SendRequest.Parameter] = [], body: [SendRequest.Parameter] = [], buttons: [Int: [SendRequest.Parameter]] = [:]
        for component in sent.components ?? [] {
            switch component.type?.lowercased() {
            case "header": header += component.parameters ?? []
            case "body": body += component.parameters ?? []
            case "button": buttons[Int(component.index?.value ?? "") ?? -1, default: []] += component.parameters ?? []
            default: return .failure(.invalidParameter("Unknown template component type \(component.type ?? "null")."))
            }
        }
        let mismatch = { (part: String, expected: Int, got: Int) in
            GraphFailure.template(132000, "Number of parameters does not match the expected number of params", "\(part): number of localizable_params (\(got)) does not match the expected number of params (\(expected))")
        }
        guard body.count == stored.bodyVariables.count else { return .failure(mismatch("body", stored.bodyVariables.count, body.count)) }
        switch stored.headerFormat {
        case "TEXT", nil:
            guard header.count == stored.headerVariables.count else { return .failure(mismatch("header", stored.headerVariables.count, header.count)) }
        case let format?:
            let expected = format.lowercased()
            guard header.count == 1, header[0].type?.lowercased() == expected, header[0].isMedia else {
                return .failure(.template(132012, "Parameter format does not match format in the created template", "header: Format mismatch, expected \(format), received \(header.first?.type?.uppercased() ?? "nothing")"))
            }
            // A header by id must name a file uploaded through `/{phone-number-id}/media`.
            if let id = (header[0].image ?? header[0].video ?? header[0].document)?.id, media[id] == nil {
                return .failure(.template(131009, "Parameter value is not valid", "header: unknown media id \(id)"))
            }
        }
        for index in stored.dynamicURLButtons where (buttons[index]?.count ?? 0) != 1 {
            return .failure(mismatch("button \(index)", 1, buttons[index]?.count ?? 0))
        }
        if stored.parameterFormat == "NAMED" {
            let names = Set(body.compactMap(\.parameterName))
            guard names == Set(stored.bodyVariables) else {
                return .failure(.template(132012, "Parameter format does not match format in the created template", "body: named parameters do not match \(stored.bodyVariables)"))
            }
        }
        for parameter in header + body where parameter.text != nil {
            let text = parameter.text ?? ""
            if text.contains("\n") || text.contains("\t") || text.contains("    ") {
                return .failure(.template(132007, "Template Format Character Policy Violated", "Param text cannot have new-line/tab characters or more than 4 consecutive spaces"))
            }
        }
        var hydrated = stored.bodyText
        for (position, variable) in stored.bodyVariables.enumerated() {
            let value = stored.parameterFormat == "NAMED" ? (body.first { $0.parameterName == variable } ?? body[position]) : body[Int(variable).map { $0 - 1 } ?? position]
            hydrated = hydrated.replacingOccurrences(of: "{{\(variable)}}", with: value.displayValue)
        }
        guard hydrated.count <= 1024 else {
            return .failure(.template(132005, "Translated text too long", "The hydrated body is \(hydrated.count) characters; the maximum is 1024."))
        }
        let buttonValues = buttons.keys.sorted().flatMap { buttons[$0]!.map(\.displayValue) }
        let values = header.map(\.displayValue) + body.map(\.displayValue) + buttonValues
        return .success((LedgerEntry.Template(name: name, language: language, parameters: values), stored.category.lowercased()))
    }
}
