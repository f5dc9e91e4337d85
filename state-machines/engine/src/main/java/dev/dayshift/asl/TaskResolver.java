package dev.dayshift.asl;

import java.util.concurrent.CompletionStage;

/**
 * Performs Task states' work. The engine calls {@link #resolve} on its own thread: answer at once with a
 * completed stage for quick work, or hand slow work to another thread and complete the stage later (the engine
 * keeps running other states meanwhile, and a virtual clock does not move while a call is in flight).
 * {@link TaskResolvers} builds the usual ones.
 */
@FunctionalInterface
public interface TaskResolver {
    /**
     * @return the outcome, or null when this resolver does not handle the request's resource (the next resolver
     *     in a chain is asked; when none handles it the execution fails with States.Runtime, except for
     *     {@code .waitForTaskToken} tasks, which then simply wait for their token)
     */
    CompletionStage<TaskResult> resolve(TaskRequest request);
}
