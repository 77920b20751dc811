import DisclosureTestSupport
import DisclosureWorker
import Testing

/// `TopicPartition` hashes its partition number only: as dictionary and set keys, topic-partitions must still behave
/// as the (topic, partition) pairs they are, checked against a reference keyed by both fields.
@Suite struct TopicPartitionHashingTests {
    /// Topics that share partition numbers, names that differ only in case or by one character, and the empty name.
    static let topics = ["disclosures.raw", "disclosures.Raw", "disclosures.raw2", "other", "", "é", "e\u{301}"]

    @Test func dictionaryMatchesPairKeyedReference() {
        var generator = SplitMix64(seed: 11)
        var dictionary: [TopicPartition: Int] = [:]
        var reference: [String: [Int32: Int]] = [:]
        var members: Set<TopicPartition> = []
        for step in 0..<5_000 {
            let topic = Self.topics.randomElement(using: &generator)!
            let partition = Int32.random(in: 0..<8, using: &generator)
            let key = TopicPartition(topic: topic, partition: partition)
            switch Int.random(in: 0..<3, using: &generator) {
            case 0:
                dictionary[key] = step
                reference[topic, default: [:]][partition] = step
                members.insert(key)
            case 1:
                dictionary[key] = nil
                reference[topic]?[partition] = nil
                members.remove(key)
            default:
                #expect(dictionary[key] == reference[topic]?[partition], "\(key)")
                #expect(members.contains(key) == (reference[topic]?[partition] != nil), "\(key)")
            }
        }
        #expect(dictionary.count == reference.values.reduce(0) { $0 + $1.count })
        #expect(members.count == dictionary.count)
    }

    @Test func equalValuesHashEqually() {
        let first = TopicPartition(topic: "disclosures.raw", partition: 3)
        // A copy built from fresh storage, not a copy of the same string.
        let second = TopicPartition(topic: String("disclosures.raw".reversed().reversed()), partition: 3)
        #expect(first == second)
        #expect(first.hashValue == second.hashValue)
        #expect(first != TopicPartition(topic: "disclosures.raw2", partition: 3))
    }
}
