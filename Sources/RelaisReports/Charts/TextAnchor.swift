/// Where a text's anchor point sits on its baseline: its start, middle or end.
public enum TextAnchor: Sendable {
    case start, middle, end
}
