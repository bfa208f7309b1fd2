package taskforce.console;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * People, agencies and task forces by name, from the directory case-service answers; an id the reader's directory
 * does not hold (a member of another task force) is shown as the id itself.
 */
public record Names(Map<String, String> members, Map<String, String> agencies, Map<String, String> taskForces) {

    static final Names NONE = new Names(Map.of(), Map.of(), Map.of());

    static Names of(
            List<Map<String, Object>> members,
            List<Map<String, Object>> agencies,
            List<Map<String, Object>> taskForces) {
        return new Names(byId(members), byId(agencies), byId(taskForces));
    }

    public String member(String id) {
        return named(members, id, "someone");
    }

    public String agency(String id) {
        return named(agencies, id, "an agency");
    }

    public String taskForce(String id) {
        return named(taskForces, id, "another task force");
    }

    private static String named(Map<String, String> names, String id, String nobody) {
        if (id == null || id.isBlank()) {
            return nobody;
        }
        return names.getOrDefault(id, id);
    }

    private static Map<String, String> byId(List<Map<String, Object>> entries) {
        Map<String, String> names = new HashMap<>();
        for (Map<String, Object> entry : entries) {
            Object id = entry.get("id");
            Object name = entry.get("name");
            if (id != null && name != null) {
                names.put(id.toString(), name.toString());
            }
        }
        return Map.copyOf(names);
    }
}
