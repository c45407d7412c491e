package io.shapes.core.error;

/** An error from the catalogue, raised anywhere and turned into a problem+json response at the edge. */
public class ShapesException extends RuntimeException {
    private final transient Problem problem;

    public ShapesException(Problem problem) {
        super(problem.code() + ": " + problem.detail(), null, false, false);
        this.problem = problem;
    }

    public ShapesException(ErrorCode error, String detail) {
        this(Problem.of(error, detail));
    }

    public Problem problem() {
        return problem;
    }
}
