import Foundation

/// Builds webhook bodies from scheduled events, in the configured payload era.
struct WebhookPayloadBuilder: Sendable {
    let shape: SimulatorConfiguration.WebhookShape
    /// Meta escapes non-ASCII as `\uXXXX` (and `/` as `\/`, which JSONEncoder does by default).
    var escapeNonASCII = true

    private typealias P = WebhookPayloads

    /// One POST for several statuses of the same number (Meta batches them when due together).
    func statuses(_ events: [StatusEvent]) -> WebhookDelivery {
        let first = events[0]
        let statuses = events.map { event in
            P.Status(
                id: event.wamid, status: event.status, timestamp: String(event.timestamp), recipient_id: event.recipient,
                recipient_user_id: shape == .current ? P.userID(for: event.recipient) : nil,
                biz_opaque_callback_data: event.callbackData,
                conversation: event.includeConversation
                    ? P.Conversation(
                        id: P.conversationID(phoneNumberID: event.phoneNumberID, waID: event.recipient),
                        expiration_timestamp: event.status == "sent" ? String(event.timestamp + 86_400) : nil,
                        origin: P.Origin(type: event.pricingCategory ?? "service")) : nil,
                pricing: event.pricingCategory.map { category in
                    P.Pricing(
                        billable: category != "service", pricing_model: "PMP",
                        type: category == "service" ? "free_customer_service" : "regular", category: category)
                },
                errors: event.error.map { [P.ErrorObject(code: $0.code, title: $0.title, message: $0.title, error_data: P.ErrorData(details: $0.details))] })
        }
        // Current era: sent/delivered/read carry contacts; failed statuses omit them.
        var contacts: [P.Contact]?
        if shape == .current {
            var seen = Set<String>()
            contacts = events.filter { $0.status != "failed" && seen.insert($0.recipient).inserted }.map {
                P.Contact(profile: nil, wa_id: $0.recipient, user_id: P.userID(for: $0.recipient))
            }
            if contacts?.isEmpty == true { contacts = nil }
        }
        let value = P.MessagesValue(
            metadata: P.Metadata(display_phone_number: first.displayDigits, phone_number_id: first.phoneNumberID), contacts: contacts,
            messages: nil, statuses: statuses)
        return WebhookDelivery(body: encode(envelope(wabaID: first.wabaID, time: nil, field: "messages", value: value)), kind: "statuses", itemCount: events.count)
    }

    /// An inbound user message (text, or a template quick-reply `button` with `context`).
    func inbound(
        number: SimulatedNumber, from: String, profileName: String, wamid: String, timestamp: Int, text: String?, buttonPayload: String?,
        contextMessageID: String?
    ) -> WebhookDelivery {
        let message = P.InboundMessage(
            from: from, id: wamid, timestamp: String(timestamp), type: buttonPayload == nil ? "text" : "button",
            context: contextMessageID.map { P.Context(from: number.displayDigits, id: $0) },
            text: buttonPayload == nil ? P.Text(body: text ?? "") : nil,
            button: buttonPayload.map { P.Button(text: text ?? $0, payload: $0) })
        let contact = P.Contact(profile: P.Profile(name: profileName), wa_id: from, user_id: shape == .current ? P.userID(for: from) : nil)
        let value = P.MessagesValue(
            metadata: P.Metadata(display_phone_number: number.displayDigits, phone_number_id: number.phoneNumberID), contacts: [contact],
            messages: [message], statuses: nil)
        return WebhookDelivery(body: encode(envelope(wabaID: number.wabaID, time: nil, field: "messages", value: value)), kind: "messages", itemCount: 1)
    }

    /// `message_template_status_update` after a review.
    func templateStatus(wabaID: String, template: SimulatedTemplate, time: Int) -> WebhookDelivery {
        let value = P.TemplateStatusValue(
            event: template.status, message_template_id: Int(template.id) ?? 0, message_template_name: template.name,
            message_template_language: template.language, message_template_category: template.category,
            reason: template.status == "REJECTED" ? "INVALID_FORMAT" : "NONE")
        let body = encode(envelope(wabaID: wabaID, time: time, field: "message_template_status_update", value: value))
        return WebhookDelivery(body: body, kind: "message_template_status_update", itemCount: 1)
    }

    private func envelope<V: Encodable & Sendable>(wabaID: String, time: Int?, field: String, value: V) -> P.Envelope<V> {
        P.Envelope(entry: [P.Entry(id: wabaID, time: time, changes: [P.Change(value: value, field: field)])])
    }

    private func encode(_ value: some Encodable) -> [UInt8] {
        // Encoding our own plain structs cannot fail; an empty body would be visible in the webhook log.
        let bytes = (try? Array(JSONEncoder().encode(value))) ?? []
        guard escapeNonASCII, bytes.contains(where: { $0 >= 0x80 }) else { return bytes }
        return Self.escapingNonASCII(bytes)
    }

    /// Rewrites every non-ASCII scalar as `\uXXXX` (UTF-16 surrogate pairs above U+FFFF), as Meta's encoder does.
    static func escapingNonASCII(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 64)
        for scalar in String(decoding: bytes, as: UTF8.self).unicodeScalars {
            if scalar.isASCII {
                out.append(UInt8(scalar.value))
                continue
            }
            for unit in String(scalar).utf16 {
                let hex = String(unit, radix: 16)
                out += Array("\\u\(String(repeating: "0", count: 4 - hex.count))\(hex)".utf8)
            }
        }
        return out
    }
}
