package zhuce.operaton;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** One Operaton engine node; configuration in application.yaml and the environment. */
@SpringBootApplication
public class OperatonNode {
  public static void main(String[] args) {
    SpringApplication.run(OperatonNode.class, args);
  }
}
