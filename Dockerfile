# syntax=docker/dockerfile:1
# Build with the Maven wrapper on a JDK, run on a JRE as a non-root user with the data in a volume.

FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY mvnw pom.xml ./
COPY .mvn .mvn
RUN ./mvnw -B -q dependency:go-offline
COPY src src
RUN ./mvnw -B -q package -DskipTests \
 && cp target/tributary-*.jar /tributary.jar

# Java 21 runtime: the code targets 17, and on 21+ long polls and request handling use virtual threads.
FROM eclipse-temurin:21-jre
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* \
 && groupadd --system tributary && useradd --system --gid tributary --home-dir /app tributary \
 && mkdir -p /app /data && chown tributary:tributary /data
WORKDIR /app
COPY --from=build /tributary.jar /app/tributary.jar
USER tributary
ENV TRIBUTARY_DATA_DIR=/data \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
VOLUME /data
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
  CMD curl -fsS http://127.0.0.1:8080/actuator/health || exit 1
# exec form: the JVM is PID 1 and gets SIGTERM, so shutdown is graceful and writes the clean-shutdown marker.
ENTRYPOINT ["java", "-jar", "/app/tributary.jar"]
