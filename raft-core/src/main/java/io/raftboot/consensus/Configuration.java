package io.raftboot.consensus;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** An immutable cluster configuration: voters and learners, sorted by id. */
public record Configuration(List<Member> members) {

    public static final Configuration EMPTY = new Configuration(List.of());

    public Configuration {
        List<Member> sorted = new ArrayList<>(members);
        sorted.sort(Comparator.comparing(Member::id));
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).id().equals(sorted.get(i - 1).id())) {
                throw new IllegalArgumentException("duplicate member id " + sorted.get(i).id());
            }
        }
        members = Collections.unmodifiableList(sorted);
    }

    public static Configuration ofVoters(List<Member> voters) {
        return new Configuration(voters.stream().map(Member::asVoter).toList());
    }

    public Optional<Member> member(String id) {
        return members.stream().filter(m -> m.id().equals(id)).findFirst();
    }

    public boolean contains(String id) {
        return member(id).isPresent();
    }

    public boolean isVoter(String id) {
        return member(id).map(Member::voter).orElse(false);
    }

    public List<Member> voters() {
        return members.stream().filter(Member::voter).toList();
    }

    public List<Member> learners() {
        return members.stream().filter(m -> !m.voter()).toList();
    }

    /** Votes (or acknowledgements) needed from voters for a majority. */
    public int quorum() {
        return voters().size() / 2 + 1;
    }

    public Configuration with(Member member) {
        List<Member> next = new ArrayList<>(members);
        next.removeIf(m -> m.id().equals(member.id()));
        next.add(member);
        return new Configuration(next);
    }

    public Configuration without(String id) {
        List<Member> next = new ArrayList<>(members);
        next.removeIf(m -> m.id().equals(id));
        return new Configuration(next);
    }
}
