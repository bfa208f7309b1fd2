package taskforce.identity;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The identities and agency clients derived from the demo directory (the file case-service seeds from): a user
 * per member with the member's directory role, an {@code <agency>-admin} AGENCY_ADMIN per agency, one {@code
 * admin} ADMIN, one {@code operator} OPERATOR (metrics), and a client-credentials client {@code <agency>-system} per agency.
 */
public final class DemoDirectory {

    record Agency(String id, String name) {}

    record Member(String id, String name, String agencyId, List<String> taskForceIds, String role) {}

    record File(List<Agency> agencies, List<Member> members) {}

    public static final String ADMIN = "admin";
    public static final String OPERATOR = "operator";

    private final Map<String, DemoIdentity> users = new LinkedHashMap<>();
    private final List<String> agencies = new ArrayList<>();

    private DemoDirectory(File file) {
        for (Member member : file.members()) {
            users.put(
                    member.id(),
                    new DemoIdentity(
                            member.id(),
                            member.name(),
                            member.role(),
                            member.agencyId(),
                            member.id(),
                            member.taskForceIds()));
        }
        for (Agency agency : file.agencies()) {
            agencies.add(agency.id());
            String admin = adminOf(agency.id());
            users.put(
                    admin,
                    new DemoIdentity(admin, agency.name() + " administrator", "AGENCY_ADMIN", agency.id(), null, null));
        }
        users.put(ADMIN, new DemoIdentity(ADMIN, "System administrator", "ADMIN", null, null, null));
        users.put(OPERATOR, new DemoIdentity(OPERATOR, "Operations on call", "OPERATOR", null, null, null));
    }

    /** Reads the directory's JSON; where it comes from (a file, the classpath) is the configuration's business. */
    public static DemoDirectory read(InputStream in) {
        JsonMapper json = JsonMapper.builder()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
        return new DemoDirectory(json.readValue(in, File.class));
    }

    public static String adminOf(String agencyId) {
        return agencyId + "-admin";
    }

    public static String systemClientOf(String agencyId) {
        return agencyId + "-system";
    }

    public List<DemoIdentity> users() {
        return List.copyOf(users.values());
    }

    public Optional<DemoIdentity> user(String username) {
        return Optional.ofNullable(users.get(username));
    }

    public List<String> agencies() {
        return List.copyOf(agencies);
    }
}
