package taskforce.contracts.cases;

import java.math.BigDecimal;

public record Seizure(SeizureCategory category, BigDecimal quantity, SeizureUnit unit) {}
