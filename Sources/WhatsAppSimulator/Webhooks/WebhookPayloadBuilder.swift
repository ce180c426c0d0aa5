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
        return delivery(wabaID: first.wabaID, time: nil, field: "messages", value: value, kind: "statuses", items: events.count)
    }

    /// An inbound user message of any injectable kind, with `context` when it answers one of ours.
    func inbound(
        number: NumberIdentity, from: String, profileName: String, wamid: String, timestamp: Int, content: InboundContent,
        contextMessageID: String?
    ) -> WebhookDelivery {
        var message = P.InboundMessage(
            from: from, id: wamid, timestamp: String(timestamp), type: content.type,
            context: contextMessageID.map { P.Context(from: number.displayDigits, id: $0) })
        switch content {
        case .text(let body): message.text = P.Text(body: body)
        case .button(let text, let payload): message.button = P.Button(text: text, payload: payload)
        case .buttonReply(let id, let title):
            message.interactive = P.Interactive(type: "button_reply", button_reply: P.ReplyChoice(id: id, title: title, description: nil), list_reply: nil)
        case .listReply(let id, let title, let description):
            message.interactive = P.Interactive(
                type: "list_reply", button_reply: nil, list_reply: P.ReplyChoice(id: id, title: title, description: description))
        case .reaction(let messageID, let emoji): message.reaction = P.Reaction(message_id: messageID, emoji: emoji)
        case .media(let kind, let media):
            let object = P.Media(id: media.id, mime_type: media.mimeType, sha256: media.sha256, caption: media.caption, filename: media.filename)
            switch kind {
            case "image": message.image = object
            case "video": message.video = object
            case "audio": message.audio = object
            case "sticker": message.sticker = object
            default: message.document = object
            }
        }
        let value = P.MessagesValue(
            metadata: metadata(number), contacts: [contact(from, profileName: profileName)], messages: [message], statuses: nil)
        return delivery(wabaID: number.wabaID, time: nil, field: "messages", value: value, kind: "messages", items: 1)
    }

    /// `message_template_status_update` after a review, a pause (with its rung of the ladder) or its end.
    func templateStatus(wabaID: String, template: SimulatedTemplate, time: Int, pauseTitle: String? = nil) -> WebhookDelivery {
        let otherInfo = pauseTitle.map {
            P.OtherInfo(title: $0, description: "Your WhatsApp message template has been paused because of low quality: too many people blocked it or reported it.")
        }
        let disableInfo = template.status == "DISABLED"
            ? P.DisableInfo(disable_date: Date(timeIntervalSince1970: TimeInterval(time)).formatted(.iso8601)) : nil
        let value = P.TemplateStatusValue(
            event: template.status, message_template_id: Int(template.id) ?? 0, message_template_name: template.name,
            message_template_language: template.language, message_template_category: template.category,
            reason: template.status == "REJECTED" ? "INVALID_FORMAT" : "NONE", other_info: otherInfo, disable_info: disableInfo)
        return delivery(wabaID: wabaID, time: time, field: "message_template_status_update", value: value, kind: "message_template_status_update", items: 1)
    }

    /// `user_preferences`: the user stopped (or resumed) marketing messages from this business in WhatsApp.
    func userPreferences(number: NumberIdentity, waID: String, profileName: String, stop: Bool, timestamp: Int) -> WebhookDelivery {
        let preference = P.UserPreference(
            wa_id: waID, user_id: shape == .current ? P.userID(for: waID) : nil,
            detail: stop ? "User requested to stop marketing messages" : "User requested to resume marketing messages",
            category: "marketing_messages", value: stop ? "stop" : "resume", timestamp: timestamp)
        let value = P.UserPreferencesValue(metadata: metadata(number), contacts: [contact(waID, profileName: profileName)], user_preferences: [preference])
        return delivery(wabaID: number.wabaID, time: nil, field: "user_preferences", value: value, kind: "user_preferences", items: 1)
    }

    /// `phone_number_quality_update`: the tier (classic era: old and current limit) or the quality flag changed.
    func qualityUpdate(number: NumberIdentity, event: String, oldTier: String, tier: String, time: Int) -> WebhookDelivery {
        let value = P.QualityUpdateValue(
            display_phone_number: number.displayDigits, event: event, old_limit: shape == .classic ? oldTier : nil,
            current_limit: shape == .classic ? tier : nil, max_daily_conversations_per_business: tier)
        return delivery(wabaID: number.wabaID, time: time, field: "phone_number_quality_update", value: value, kind: "phone_number_quality_update", items: 1)
    }

    /// `business_capability_update`: the portfolio's messaging limit after a tier change.
    func capabilityUpdate(wabaID: String, limit: Int?, time: Int) -> WebhookDelivery {
        let value = P.CapabilityUpdateValue(max_daily_conversations_per_business: limit, max_phone_numbers_per_business: 2)
        return delivery(wabaID: wabaID, time: time, field: "business_capability_update", value: value, kind: "business_capability_update", items: 1)
    }

    /// `account_update`: a ban, a restriction, a policy violation, or their lifting.
    func accountUpdate(wabaID: String, update: AccountUpdate, time: Int) -> WebhookDelivery {
        let date = Date(timeIntervalSince1970: TimeInterval(time)).formatted(.iso8601)
        let value = P.AccountUpdateValue(
            phone_number: update.phoneNumber, event: update.event,
            ban_info: update.banState.map { P.BanInfo(waba_ban_state: [$0], waba_ban_date: date) },
            restriction_info: update.restrictionType.map { [P.RestrictionInfo(restriction_type: $0, expiration: time + 7 * 86_400)] },
            violation_info: update.violationType.map { P.ViolationInfo(violation_type: $0) })
        return delivery(wabaID: wabaID, time: time, field: "account_update", value: value, kind: "account_update", items: 1)
    }

    /// A throughput refusal reported as `value.errors` (section 8, item 11), besides the 130429 the sender got.
    func throughputError(number: NumberIdentity) -> WebhookDelivery {
        let error = P.ErrorObject(
            code: 130429, title: "Rate limit hit", message: "(#130429) Rate limit hit",
            error_data: P.ErrorData(details: "Cloud API message throughput has been reached."))
        let value = P.MessagesValue(metadata: metadata(number), contacts: nil, messages: nil, statuses: nil, errors: [error])
        return delivery(wabaID: number.wabaID, time: nil, field: "messages", value: value, kind: "errors", items: 1)
    }

    private func metadata(_ number: NumberIdentity) -> P.Metadata {
        P.Metadata(display_phone_number: number.displayDigits, phone_number_id: number.phoneNumberID)
    }

    private func contact(_ waID: String, profileName: String) -> P.Contact {
        P.Contact(profile: P.Profile(name: profileName), wa_id: waID, user_id: shape == .current ? P.userID(for: waID) : nil)
    }

    /// One change in Meta's envelope, addressed to the WABA (whose callback override, if any, receives it).
    private func delivery<V: Encodable & Sendable>(wabaID: String, time: Int?, field: String, value: V, kind: String, items: Int) -> WebhookDelivery {
        let envelope = P.Envelope(entry: [P.Entry(id: wabaID, time: time, changes: [P.Change(value: value, field: field)])])
        return WebhookDelivery(body: encode(envelope), wabaID: wabaID, kind: kind, itemCount: items)
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
