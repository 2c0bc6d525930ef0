# A comment before everything: directives stop here
ARG BASE=busybox
ARG TAG

FROM ${BASE}:${TAG:-latest} AS build
ARG GREETING="hello world"
ENV A=1 B="two words" C=three\ words
ENV LEGACY value with spaces
RUN echo $GREETING > /greeting \
    # a comment inside a continuation
    && mkdir -p /out
RUN ["sh", "-c", "echo exec form"]
COPY --chown=1000:1000 --chmod=640 a.txt b.txt /out/
copy ["with space.txt", "/out/"]

FROM --platform=linux/amd64 busybox as Final
LABEL org.example.v="1" "quoted key"=x
WORKDIR /app
USER 1000:1000
COPY --from=build /out /app
ADD files.tar.gz /srv/
EXPOSE 8080/tcp 53/udp
VOLUME ["/data"]
VOLUME /a /b
HEALTHCHECK --interval=5s --timeout=1500ms --start-period=1m --retries=3 CMD wget -q -O- localhost || exit 1
SHELL ["/bin/sh", "-ec"]
STOPSIGNAL SIGINT
ONBUILD run echo triggered
MAINTAINER someone
ENTRYPOINT ["/bin/sh", "-c"]
CMD echo ready
