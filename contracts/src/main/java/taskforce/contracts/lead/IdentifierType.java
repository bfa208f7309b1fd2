package taskforce.contracts.lead;

public enum IdentifierType {
    PHONE,
    EMAIL,
    VEHICLE_PLATE,
    VIN,
    ADDRESS,
    DOCUMENT,
    SOCIAL_HANDLE,
    IP_ADDRESS,
    /**
     * Not an identifier a lead carries: the kind of match a deconfliction hit names when two cases share a person,
     * found by name and date of birth among the lead's subjects.
     */
    PERSON
}
