package taskforce.contracts.lead;

public enum IdentifierType {
    PHONE,
    EMAIL,
    VEHICLE_PLATE,
    VIN,
    ADDRESS,
    DOCUMENT,
    SOCIAL_HANDLE,
    IP_ADDRESS
}
