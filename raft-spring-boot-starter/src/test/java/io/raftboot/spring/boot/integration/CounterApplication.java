package io.raftboot.spring.boot.integration;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

import io.raftboot.spring.boot.support.CounterStateMachine;

/** A whole application as a user writes it: one annotated state machine, everything else auto-configured. */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(CounterStateMachine.class)
public class CounterApplication {
}
