package taskforce.console;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The lead form as the browser posts it: field names are the lead API's, so the service's {@code errors[].field}
 * (such as {@code subjects[1].name}) names the input it belongs to. Mutable, because the form binds to it.
 */
public class LeadForm {

    private String idempotencyKey = UUID.randomUUID().toString();
    private String taskForceId;
    private String agencyReference;
    private String priority = "ROUTINE";
    private String summary;
    private String narrative;
    private String occurredAt = LocalDateTime.now(ZoneOffset.UTC)
            .truncatedTo(ChronoUnit.MINUTES)
            .format(DateTimeFormatter.ISO_LOCAL_DATE_TIME);
    private Location location = new Location();
    private List<SubjectRow> subjects = new ArrayList<>();
    private List<IdentifierRow> identifiers = new ArrayList<>();

    /** The body of {@code POST /api/leads}; empty rows and empty optional fields are left out. */
    Map<String, Object> toRequest() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("taskForceId", taskForceId);
        body.put("agencyReference", agencyReference);
        body.put("priority", priority);
        body.put("summary", summary);
        if (narrative != null && !narrative.isBlank()) {
            body.put("narrative", narrative);
        }
        body.put("occurredAt", occurredAtInstant());
        Map<String, Object> place = location.toRequest();
        if (!place.isEmpty()) {
            body.put("location", place);
        }
        body.put(
                "subjects",
                subjects.stream()
                        .filter(s -> !s.isEmpty())
                        .map(SubjectRow::toRequest)
                        .toList());
        body.put(
                "identifiers",
                identifiers.stream()
                        .filter(i -> !i.isEmpty())
                        .map(IdentifierRow::toRequest)
                        .toList());
        return body;
    }

    /** The browser's datetime-local has no zone; the label says UTC, and so it is read. */
    private String occurredAtInstant() {
        if (occurredAt == null || occurredAt.isBlank()) {
            return null;
        }
        try {
            return LocalDateTime.parse(occurredAt).toInstant(ZoneOffset.UTC).toString();
        } catch (RuntimeException notADate) {
            return occurredAt;
        }
    }

    public static class Location {
        private String address;
        private String city;
        private String state;
        private Double latitude;
        private Double longitude;

        Map<String, Object> toRequest() {
            Map<String, Object> place = new LinkedHashMap<>();
            putIfPresent(place, "address", address);
            putIfPresent(place, "city", city);
            putIfPresent(place, "state", state);
            if (latitude != null) {
                place.put("latitude", latitude);
            }
            if (longitude != null) {
                place.put("longitude", longitude);
            }
            return place;
        }

        public String getAddress() {
            return address;
        }

        public void setAddress(String address) {
            this.address = address;
        }

        public String getCity() {
            return city;
        }

        public void setCity(String city) {
            this.city = city;
        }

        public String getState() {
            return state;
        }

        public void setState(String state) {
            this.state = state;
        }

        public Double getLatitude() {
            return latitude;
        }

        public void setLatitude(Double latitude) {
            this.latitude = latitude;
        }

        public Double getLongitude() {
            return longitude;
        }

        public void setLongitude(Double longitude) {
            this.longitude = longitude;
        }
    }

    public static class SubjectRow {
        private String name;
        private String dateOfBirth;
        private String role = "SUSPECT";

        boolean isEmpty() {
            return (name == null || name.isBlank()) && (dateOfBirth == null || dateOfBirth.isBlank());
        }

        Map<String, Object> toRequest() {
            Map<String, Object> subject = new LinkedHashMap<>();
            subject.put("name", name);
            if (dateOfBirth != null && !dateOfBirth.isBlank()) {
                subject.put("dateOfBirth", dateOfBirth);
            }
            subject.put("role", role);
            return subject;
        }

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }

        public String getDateOfBirth() {
            return dateOfBirth;
        }

        public void setDateOfBirth(String dateOfBirth) {
            this.dateOfBirth = dateOfBirth;
        }

        public String getRole() {
            return role;
        }

        public void setRole(String role) {
            this.role = role;
        }
    }

    public static class IdentifierRow {
        private String type = "PHONE";
        private String value;

        boolean isEmpty() {
            return value == null || value.isBlank();
        }

        Map<String, Object> toRequest() {
            Map<String, Object> identifier = new LinkedHashMap<>();
            identifier.put("type", type);
            identifier.put("value", value);
            return identifier;
        }

        public String getType() {
            return type;
        }

        public void setType(String type) {
            this.type = type;
        }

        public String getValue() {
            return value;
        }

        public void setValue(String value) {
            this.value = value;
        }
    }

    private static void putIfPresent(Map<String, Object> map, String key, String value) {
        if (value != null && !value.isBlank()) {
            map.put(key, value);
        }
    }

    public String getIdempotencyKey() {
        return idempotencyKey;
    }

    public void setIdempotencyKey(String idempotencyKey) {
        this.idempotencyKey = idempotencyKey;
    }

    public String getTaskForceId() {
        return taskForceId;
    }

    public void setTaskForceId(String taskForceId) {
        this.taskForceId = taskForceId;
    }

    public String getAgencyReference() {
        return agencyReference;
    }

    public void setAgencyReference(String agencyReference) {
        this.agencyReference = agencyReference;
    }

    public String getPriority() {
        return priority;
    }

    public void setPriority(String priority) {
        this.priority = priority;
    }

    public String getSummary() {
        return summary;
    }

    public void setSummary(String summary) {
        this.summary = summary;
    }

    public String getNarrative() {
        return narrative;
    }

    public void setNarrative(String narrative) {
        this.narrative = narrative;
    }

    public String getOccurredAt() {
        return occurredAt;
    }

    public void setOccurredAt(String occurredAt) {
        this.occurredAt = occurredAt;
    }

    public Location getLocation() {
        return location;
    }

    public void setLocation(Location location) {
        this.location = location;
    }

    public List<SubjectRow> getSubjects() {
        return subjects;
    }

    public void setSubjects(List<SubjectRow> subjects) {
        this.subjects = subjects;
    }

    public List<IdentifierRow> getIdentifiers() {
        return identifiers;
    }

    public void setIdentifiers(List<IdentifierRow> identifiers) {
        this.identifiers = identifiers;
    }
}
