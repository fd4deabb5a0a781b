package io.raftboot.test.spring;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** A user's application as the kit meets it: the starter plus one annotated state machine. */
@SpringBootApplication
public class SpringCounterApplication {
}
