package io.gastown.operator.api.rig;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class RigSettings {

  public static final int DEFAULT_MAX_POLECATS = 8;

  @Min(1)
  @Max(100)
  @JsonPropertyDescription("How many Polecats of the rig may work at once (default 8); the others wait Pending with reason RigAtCapacity and start oldest first.")
  private Integer maxPolecats;

  @Size(max = 63)
  @JsonPropertyDescription("Theme of generated Polecat names (accepted for compatibility).")
  private String namepoolTheme;

  @Pattern("^[0-9]{1,9}(\\.[0-9]{1,4})?$")
  @JsonPropertyDescription("Once the summed costUSD of the rig's Polecats reaches this, new Polecats wait Pending with reason RigBudgetExhausted.")
  private String maxCostUSD;

  public Integer getMaxPolecats() {
    return maxPolecats;
  }

  public void setMaxPolecats(Integer maxPolecats) {
    this.maxPolecats = maxPolecats;
  }

  public String getNamepoolTheme() {
    return namepoolTheme;
  }

  public void setNamepoolTheme(String namepoolTheme) {
    this.namepoolTheme = namepoolTheme;
  }

  public String getMaxCostUSD() {
    return maxCostUSD;
  }

  public void setMaxCostUSD(String maxCostUSD) {
    this.maxCostUSD = maxCostUSD;
  }
}
