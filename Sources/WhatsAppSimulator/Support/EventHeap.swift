/// A binary min-heap of scheduled items ordered by due time, then insertion order (stable for equal times).
struct EventHeap<Element: Sendable>: Sendable {
    private struct Node: Sendable {
        let due: ContinuousClock.Instant
        let order: UInt64
        let element: Element
    }

    private var nodes: [Node] = []
    private var counter: UInt64 = 0

    var count: Int { nodes.count }
    var nextDue: ContinuousClock.Instant? { nodes.first?.due }

    mutating func insert(_ element: Element, due: ContinuousClock.Instant) {
        counter &+= 1
        nodes.append(Node(due: due, order: counter, element: element))
        var child = nodes.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard less(child, parent) else { break }
            nodes.swapAt(child, parent)
            child = parent
        }
    }

    /// Removes and returns the earliest element if it is due at `now`.
    mutating func popDue(now: ContinuousClock.Instant) -> Element? {
        guard let first = nodes.first, first.due <= now else { return nil }
        let last = nodes.removeLast()
        if !nodes.isEmpty {
            nodes[0] = last
            var parent = 0
            while true {
                let left = 2 * parent + 1, right = left + 1
                var smallest = parent
                if left < nodes.count, less(left, smallest) { smallest = left }
                if right < nodes.count, less(right, smallest) { smallest = right }
                if smallest == parent { break }
                nodes.swapAt(parent, smallest)
                parent = smallest
            }
        }
        return first.element
    }

    private func less(_ a: Int, _ b: Int) -> Bool {
        nodes[a].due < nodes[b].due || (nodes[a].due == nodes[b].due && nodes[a].order < nodes[b].order)
    }
}
