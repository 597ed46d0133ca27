package zhuce.operaton;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.operaton.bpm.engine.impl.variable.serializer.AbstractObjectValueSerializer;

/**
 * Object variables as JSON, read back as java.util.Map and java.util.List,
 * which FEEL sees as contexts and lists. Operaton's Spin JSON data format is
 * not published on Maven Central for 1.0.3, and the application's variables
 * are plain JSON documents, so Jackson (already on the classpath) is enough.
 */
public class JsonValueSerializer extends AbstractObjectValueSerializer {
  public static final String FORMAT = "application/json";
  private static final ObjectMapper MAPPER = new ObjectMapper();

  public JsonValueSerializer() {
    super(FORMAT);
  }

  @Override
  public String getName() {
    return "zhuce-json";
  }

  @Override
  protected boolean isSerializationTextBased() {
    return true;
  }

  @Override
  protected boolean canSerializeValue(Object value) {
    return value instanceof Map || value instanceof List;
  }

  @Override
  protected String getTypeNameForDeserialized(Object value) {
    return value instanceof List ? "java.util.ArrayList" : "java.util.LinkedHashMap";
  }

  @Override
  protected byte[] serializeToByteArray(Object value) throws Exception {
    return MAPPER.writeValueAsBytes(value);
  }

  @Override
  protected Object deserializeFromByteArray(byte[] bytes, String objectTypeName) throws Exception {
    String text = new String(bytes, StandardCharsets.UTF_8);
    if (objectTypeName != null && objectTypeName.endsWith("List")) return MAPPER.readValue(text, List.class);
    return MAPPER.readValue(text, LinkedHashMap.class);
  }
}
