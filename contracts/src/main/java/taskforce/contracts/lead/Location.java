package taskforce.contracts.lead;

public record Location(String address, String city, String state, Double latitude, Double longitude) {}
