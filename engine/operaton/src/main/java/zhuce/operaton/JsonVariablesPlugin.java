package zhuce.operaton;

import java.util.ArrayList;
import org.operaton.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.operaton.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.springframework.stereotype.Component;

/** Registers JSON as the serialization of object variables (see JsonValueSerializer). */
@Component
public class JsonVariablesPlugin extends AbstractProcessEnginePlugin {
  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    if (configuration.getCustomPreVariableSerializers() == null) configuration.setCustomPreVariableSerializers(new ArrayList<>());
    configuration.getCustomPreVariableSerializers().add(new JsonValueSerializer());
    configuration.setDefaultSerializationFormat(JsonValueSerializer.FORMAT);
  }
}
