package dev.dayshift.aws.testutils.snapstart;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.function.BiFunction;

/**
 * Calls a handler through its Lambda interface, as Lambda's runtime does. {@link IsolatedLambda} defines
 * this class inside the handler's own loader (so {@code RequestHandler} and {@code Context} are the
 * handler's) and calls it as a {@link BiFunction}, a JDK type both sides share: a measured invocation is
 * one interface call, with no reflection of the harness in it.
 *
 * <p>{@code apply(event, context)}: for a {@link RequestStreamHandler} the event is an {@link InputStream}
 * and the answer the {@link ByteArrayOutputStream} written; for a {@link RequestHandler}, the event object
 * and its answer. An {@link IOException} of a stream handler comes out as an {@link UncheckedIOException}.
 */
public final class InterfaceCall implements BiFunction<Object, Object, Object> {

    private final Object handler;

    public InterfaceCall(Object handler) {
        this.handler = Objects.requireNonNull(handler, "handler");
    }

    @Override
    @SuppressWarnings("unchecked")
    public Object apply(Object event, Object context) {
        Context ctx = (Context) context;
        if (handler instanceof RequestStreamHandler h) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try {
                h.handleRequest((InputStream) event, out, ctx);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out;
        }
        return ((RequestHandler<Object, Object>) handler).handleRequest(event, ctx);
    }
}
