package taskforce.notification.directory;

import java.util.Optional;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Repository;

/** The read model of the directory, keyed by the directory's own ids in {@code _id}. */
@Repository
public class Directory {

    static final String MEMBERS = "members";
    static final String AGENCIES = "agencies";

    private final MongoTemplate mongo;

    Directory(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    public Optional<Member> member(String memberId) {
        return Optional.ofNullable(mongo.findById(memberId, Member.class, MEMBERS));
    }

    public Optional<Agency> agency(String agencyId) {
        return Optional.ofNullable(mongo.findById(agencyId, Agency.class, AGENCIES));
    }

    void save(Member member) {
        mongo.save(member, MEMBERS);
    }

    void save(Agency agency) {
        mongo.save(agency, AGENCIES);
    }
}
